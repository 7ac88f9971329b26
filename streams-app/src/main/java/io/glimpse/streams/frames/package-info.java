/** From record bytes to model-ready pixels, and the dead-letter reasons when that is impossible. */
package io.glimpse.streams.frames;
