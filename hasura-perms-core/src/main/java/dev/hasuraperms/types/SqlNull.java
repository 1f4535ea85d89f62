package dev.hasuraperms.types;

/** SQL NULL as an element of a parsed array value (lists here never hold Java {@code null}). */
public enum SqlNull {
    /** The only instance. */
    INSTANCE;

    @Override
    public String toString() {
        return "NULL";
    }
}
