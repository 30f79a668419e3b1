package io.jseek.hub;

import java.net.http.HttpHeaders;

/**
 * Turns the hub's HTTP error answers into messages that say what to do.
 *
 * <p>The hub explains itself in an {@code X-Error-Code} header ({@code GatedRepo}, {@code RepoNotFound},
 * {@code EntryNotFound}, {@code RevisionNotFound}); the status alone is ambiguous, since the hub answers 401 both
 * for a gated repo and, to anonymous callers, for a repo that does not exist (private repos must not leak).
 * CDNs and other servers send no such header, so the status is the fallback.
 */
final class HubErrors {
    private HubErrors() {
    }

    /**
     * @param status   the HTTP status (not 2xx)
     * @param headers  the response headers
     * @param subject  what was asked for: {@code owner/repo}, {@code owner/repo/path} or a URL
     * @param hasToken whether the request carried HF_TOKEN
     */
    static HubException of(int status, HttpHeaders headers, String subject, boolean hasToken) {
        String code = headers.firstValue("X-Error-Code").orElse("");
        return switch (code) {
            case "GatedRepo" -> new HubException(gated(subject, hasToken));
            case "RepoNotFound" -> new HubException("no such repo: " + subject
                    + (hasToken ? "" : " (if it is private, set HF_TOKEN)"));
            case "EntryNotFound" -> new HubException("no such file: " + subject);
            case "RevisionNotFound" -> new HubException("no main branch in " + subject);
            default -> byStatus(status, subject, hasToken);
        };
    }

    private static HubException byStatus(int status, String subject, boolean hasToken) {
        return switch (status) {
            case 401 -> new HubException(hasToken
                    ? "HF_TOKEN was rejected for " + subject + " (invalid or expired token?)"
                    : gated(subject, false));
            case 403 -> new HubException(gated(subject, hasToken));
            case 404 -> new HubException("no such repo or file: " + subject);
            case 416 -> new HubException("range not satisfiable for " + subject, true);
            case 429 -> new HubException("rate limited by the hub while fetching " + subject + ", try again later",
                    true);
            default -> new HubException("HTTP " + status + " for " + subject, status >= 500);
        };
    }

    private static String gated(String subject, boolean hasToken) {
        return hasToken
                ? "no access to " + subject + " with this HF_TOKEN: it is a gated repo; accept its conditions on "
                        + "its hub page with the token's account"
                : "access to " + subject + " denied: gated repo: set HF_TOKEN to an access token of an account "
                        + "that accepted its conditions";
    }
}
