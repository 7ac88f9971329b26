/**
 * JUnit 5 support for tests that need the real servers. It lives in the main code of
 * {@code glimpse-deploy} rather than in a test-jar so that every later module (streams app, trainer) gets
 * it with one ordinary test-scoped dependency, with its own dependencies resolved as for any jar; the
 * Jupiter API is an optional dependency, so nothing JUnit reaches the {@code glimpse servers} runtime.
 */
package io.glimpse.deploy.junit;
