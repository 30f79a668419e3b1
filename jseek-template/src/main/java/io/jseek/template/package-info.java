/** See module-info. */
package io.jseek.template;
