/**
 * {@code glimpse frames send}: video files, streams (through ffmpeg) and images onto the frames topic as
 * {@code VideoFrame}s, so real footage reaches a deployment without a camera gateway.
 */
package io.glimpse.clients.frames;
