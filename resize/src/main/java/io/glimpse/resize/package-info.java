/**
 * Scaling a frame of any size to the model's input, and the mapping back to the frame. One copy for
 * the serving app (which scales camera frames) and the clip generator (which renders training and test
 * frames at camera sizes through it), so what the model learns from is what it is served.
 */
package io.glimpse.resize;
