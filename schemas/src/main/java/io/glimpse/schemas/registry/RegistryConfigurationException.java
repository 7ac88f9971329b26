package io.glimpse.schemas.registry;

/**
 * The registry could be reached but its answer was not the registry's verdict on what was asked: refused
 * credentials (401, 403), a request it could not understand (400), a 404 without the registry's error code
 * (a wrong URL or a proxy's page), a page that is not JSON, or JSON without what the protocol promises.
 * Something is wrong with the configuration or with what stands between client and registry, not with the
 * schema or the record; it will not pass by retrying at once, but it will once the configuration is fixed.
 *
 * <p>A caller holding a record must therefore not treat it as the record's fault: it must not dead-letter
 * the record, but fail or back off and retry it, as for a {@link RegistryUnreachableException}.
 */
public class RegistryConfigurationException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public RegistryConfigurationException(String message, int status, int errorCode, Throwable cause) {
        super(message, status, errorCode, cause);
    }
}
