/**
 * {@code glimpse view}: a read-only live web page of a Glimpse deployment. A {@link io.glimpse.clients.view.TopicReader}
 * reads the frames, results and dead-letter topics into a {@link io.glimpse.clients.view.ViewState}; a
 * {@link io.glimpse.clients.view.ViewServer} serves the page and pushes the latest state over Server-Sent Events
 * at a bounded rate. Nothing on the page can change the application.
 */
package io.glimpse.clients.view;
