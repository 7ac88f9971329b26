/**
 * {@code glimpse results tail}: the results topic as JSON lines or a table, read without a consumer group.
 */
package io.glimpse.clients.results;
