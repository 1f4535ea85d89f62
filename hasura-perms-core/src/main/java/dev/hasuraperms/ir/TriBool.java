package dev.hasuraperms.ir;

/** SQL's three truth values. */
public enum TriBool {
    TRUE, FALSE, UNKNOWN;

    /** {@return TRUE or FALSE for a Java boolean} */
    public static TriBool of(boolean b) {
        return b ? TRUE : FALSE;
    }

    /** SQL NOT. */
    public TriBool not() {
        return this == TRUE ? FALSE : this == FALSE ? TRUE : UNKNOWN;
    }

    /** SQL AND. */
    public TriBool and(TriBool o) {
        if (this == FALSE || o == FALSE) {
            return FALSE;
        }
        return this == TRUE && o == TRUE ? TRUE : UNKNOWN;
    }

    /** SQL OR. */
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
