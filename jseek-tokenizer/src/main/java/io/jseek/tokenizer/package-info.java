/** See module-info. */
package io.jseek.tokenizer;
