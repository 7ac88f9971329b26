/**
 * Turns Kafka's security failures (refused credentials, an untrusted certificate, a missing ACL) into one
 * line that names the setting or the ACL to fix, for the app and the command-line clients alike.
 */
package io.glimpse.schemas.access;
