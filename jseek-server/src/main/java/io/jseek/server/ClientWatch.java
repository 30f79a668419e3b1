package io.jseek.server;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;

/**
 * Notices a client that hangs up while its request is still being answered, without writing to it.
 *
 * <p>Jetty reads nothing from an HTTP/1.1 connection while a request on it is handled, so a closed connection only
 * shows when a write fails, which for a buffered answer means the next keep-alive and usually the one after. Here
 * each watched connection's socket is also registered, read-only, with a selector of our own: once the body has
 * been read, the socket only becomes readable when the client closes it (no bytes waiting: end of stream) or sends a
 * pipelined request (bytes waiting: left alone for Jetty, and the watch ends). Nothing is ever read from the socket.
 * One daemon thread serves all watches; connections that are not plain sockets (TLS) are not watched.
 */
public final class ClientWatch implements AutoCloseable {
    private static final Logger LOG = System.getLogger(ClientWatch.class.getName());

    /** A watch in place; closing it stops the watch (idempotent). */
    public interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    private record Change(SocketChannel channel, Runnable onGone, boolean add) {
    }

    private final Selector selector;
    private final Queue<Change> changes = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    public ClientWatch() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = Thread.ofPlatform().daemon().name("jseek-client-watch").start(this::loop);
    }

    /** Runs {@code onGone} once, on the watch thread, if the client of {@code request} hangs up before the close. */
    public Watch watch(HttpServletRequest request, Runnable onGone) {
        SocketChannel channel = socketOf(request);
        if (channel == null || closed) {
            return () -> { };
        }
        submit(new Change(channel, onGone, true));
        return () -> submit(new Change(channel, onGone, false));
    }

    private void submit(Change change) {
        changes.add(change);
        selector.wakeup();
    }

    private static SocketChannel socketOf(HttpServletRequest request) {
        try {
            EndPoint endPoint = ServletContextRequest.getServletContextRequest(request).getConnectionMetaData()
                    .getConnection().getEndPoint();
            return endPoint instanceof SocketChannelEndPoint s && s.getChannel() instanceof SocketChannel c ? c : null;
        } catch (IllegalStateException e) {
            return null; // not a request that Jetty's servlet layer serves
        }
    }

    private void loop() {
        while (!closed) {
            try {
                applyChanges();
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    readable(key);
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "client watch failed", e);
            }
        }
    }

    private void applyChanges() {
        for (Change c = changes.poll(); c != null; c = changes.poll()) {
            SelectionKey key = c.channel().keyFor(selector);
            if (!c.add()) {
                if (key != null && key.attachment() == c.onGone()) {
                    key.cancel();
                }
            } else if (c.channel().isOpen()) {
                try {
                    if (key != null) {
                        selector.selectNow(); // deregisters the connection's cancelled key from its previous request
                    }
                    c.channel().register(selector, SelectionKey.OP_READ, c.onGone());
                } catch (ClosedChannelException e) {
                    c.onGone().run();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** End of stream or a reset is a client gone; bytes waiting are a pipelined request, which Jetty will read. */
    private static void readable(SelectionKey key) {
        if (!key.isValid()) {
            return; // the watch ended meanwhile
        }
        key.cancel();
        boolean gone;
        try {
            gone = ((SocketChannel) key.channel()).socket().getInputStream().available() == 0;
        } catch (IOException e) {
            gone = true;
        }
        if (gone) {
            ((Runnable) key.attachment()).run();
        }
    }

    /** Stops the watch thread; watches still in place never fire. */
    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join();
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing the client watch selector", e);
        }
    }
}
