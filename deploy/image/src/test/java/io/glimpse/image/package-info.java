/**
 * Checks of the container image tar that {@code mvn -Pimage package -pl deploy/image -am} builds, without
 * Docker: its configuration and layers ({@code ImageTarIT}) and, as root, its entry point run from its
 * unpacked layers ({@code ImageRunIT}).
 */
package io.glimpse.image;
