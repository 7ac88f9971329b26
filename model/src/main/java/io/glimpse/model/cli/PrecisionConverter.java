package io.glimpse.model.cli;

import io.glimpse.model.precision.Precision;

import picocli.CommandLine.ITypeConverter;

/**
 * Reads a {@code --precision} value as configuration does ({@link Precision#parse}), so every command
 * accepts the same words and a wrong one is refused naming the accepted values.
 */
public final class PrecisionConverter implements ITypeConverter<Precision> {

    /** {@inheritDoc} */
    @Override
    public Precision convert(String value) {
        return Precision.parse(value);
    }
}
