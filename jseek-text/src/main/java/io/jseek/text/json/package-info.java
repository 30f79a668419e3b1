/**
 * JSON mode: constrained decoding that keeps generated text a valid JSON document, optionally valid against a JSON
 * Schema. Entry points: {@link io.jseek.text.json.TokenVocabulary} (per tokenizer, shared) and
 * {@link io.jseek.text.json.JsonConstraint} (per sequence).
 */
package io.jseek.text.json;
