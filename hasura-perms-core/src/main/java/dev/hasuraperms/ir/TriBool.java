package dev.hasuraperms.ir;

/** SQL's three truth values. */
public enum TriBool {
    /** SQL TRUE. */
    TRUE,
    /** SQL FALSE. */
    FALSE,
    /** SQL NULL as a truth value (the result of comparing with NULL). */
    UNKNOWN;

    /**
     * {@return TRUE or FALSE for a Java boolean}
     *
     * @param b the boolean
     */
    public static TriBool of(boolean b) {
        return b ? TRUE : FALSE;
    }

    /**
     * SQL NOT.
     *
     * @return TRUE for FALSE, FALSE for TRUE, UNKNOWN for UNKNOWN
     */
    public TriBool not() {
        return this == TRUE ? FALSE : this == FALSE ? TRUE : UNKNOWN;
    }

    /**
     * SQL AND.
     *
     * @param o the other operand; never null
     * @return FALSE if either is FALSE, else UNKNOWN if either is UNKNOWN, else TRUE
     */
    public TriBool and(TriBool o) {
        if (this == FALSE || o == FALSE) {
            return FALSE;
        }
        return this == TRUE && o == TRUE ? TRUE : UNKNOWN;
    }

    /**
     * SQL OR.
     *
     * @param o the other operand; never null
     * @return TRUE if either is TRUE, else UNKNOWN if either is UNKNOWN, else FALSE
     */
    public TriBool or(TriBool o) {
        if (this == TRUE || o == TRUE) {
            return TRUE;
        }
        return this == FALSE && o == FALSE ? FALSE : UNKNOWN;
    }

    /** {@return whether a WHERE clause keeps the row: only TRUE does} */
    public boolean isTrue() {
        return this == TRUE;
    }
}
