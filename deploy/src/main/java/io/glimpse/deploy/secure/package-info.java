/**
 * A secured cluster for tests: a broker that requires SASL_SSL (SCRAM-SHA-512) and ACLs, throwaway
 * certificates, a basic-auth gateway in front of the registry, and the ACLs each Glimpse program needs.
 */
package io.glimpse.deploy.secure;
