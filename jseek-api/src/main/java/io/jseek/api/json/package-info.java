/**
 * JSON mode: constrained decoding that keeps generated text a valid JSON document, optionally valid against a JSON
 * Schema. Entry points: {@link io.jseek.api.json.TokenVocabulary} (per tokenizer, shared) and
 * {@link io.jseek.api.json.JsonConstraint} (per sequence).
 */
package io.jseek.api.json;
