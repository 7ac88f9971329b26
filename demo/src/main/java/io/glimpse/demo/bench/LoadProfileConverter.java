package io.glimpse.demo.bench;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code --load-profile}; a mistake becomes picocli's usage error with the profile's own
 * one-line message (which segment, and what was expected).
 */
public final class LoadProfileConverter implements ITypeConverter<LoadProfile> {

    /** {@inheritDoc} */
    @Override
    public LoadProfile convert(String value) {
        try {
            return LoadProfile.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
