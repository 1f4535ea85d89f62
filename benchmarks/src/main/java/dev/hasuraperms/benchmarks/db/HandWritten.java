package dev.hasuraperms.benchmarks.db;

/**
 * The hand-written SQL a careful developer would write for each permission of {@link TenantWorkload}, every
 * {@code ?} the user id. Two shapes: joins (a UNION of the branches of an OR, each branch limited when listing), and
 * {@code fk = ANY (ARRAY (SELECT ...))} per branch. "Best hand-written" in the report is the faster of the two.
 */
final class HandWritten {

    private HandWritten() {
    }

    private static final String PATH_JOIN = "FROM public.documents d JOIN public.projects p ON p.id = d.project_id "
            + "JOIN public.org_members m ON m.org_id = p.org_id WHERE m.user_id = ?";
    private static final String COLLAB_JOIN = "FROM public.documents d JOIN public.document_collaborators c "
            + "ON c.document_id = d.id WHERE c.user_id = ?";

    /** The whole query, with joins (and a UNION for an OR). */
    static String joins(String permission, boolean count) {
        String path = PATH_JOIN;
        String collab = COLLAB_JOIN;
        if (permission.equals("with_not")) {
            path += " AND NOT p.archived";
            collab = "FROM public.documents d JOIN public.document_collaborators c ON c.document_id = d.id "
                    + "JOIN public.projects p ON p.id = d.project_id WHERE c.user_id = ? AND NOT p.archived";
        } else if (permission.equals("root_ref")) {
            path += " AND m.joined_at <= d.updated_at";
        }
        if (permission.equals("path")) {
            return count ? "SELECT count(*) " + path
                    : "SELECT d.id, d.title, d.updated_at " + path + " ORDER BY d.updated_at DESC LIMIT 20";
        }
        if (count) {
            return "SELECT count(*) FROM (SELECT d.id " + path + " UNION SELECT d.id " + collab + ") u";
        }
        return "SELECT u.id, u.title, u.updated_at FROM ("
                + "(SELECT d.id, d.title, d.updated_at " + path + " ORDER BY d.updated_at DESC LIMIT 20) UNION "
                + "(SELECT d.id, d.title, d.updated_at " + collab + " ORDER BY d.updated_at DESC LIMIT 20)"
                + ") u ORDER BY u.updated_at DESC LIMIT 20";
    }

    /** The permission as a predicate on {@code d}, each branch {@code fk = ANY (ARRAY (SELECT ...))}. */
    static String any(String permission) {
        String path = "d.project_id = ANY (ARRAY (SELECT p.id FROM public.projects p JOIN public.org_members m "
                + "ON m.org_id = p.org_id WHERE m.user_id = ?))";
        String collab = "d.id = ANY (ARRAY (SELECT c.document_id FROM public.document_collaborators c WHERE c.user_id = ?))";
        return switch (permission) {
            case "path" -> path;
            case "path_or_collab" -> "(" + path + " OR " + collab + ")";
            case "with_not" -> "(" + path + " OR " + collab + ") AND NOT EXISTS (SELECT 1 FROM public.projects pa "
                    + "WHERE pa.id = d.project_id AND pa.archived)";
            // The membership date compares with the document row: the path branch stays correlated, behind an
            // uncorrelated prefilter on the project.
            case "root_ref" -> "((" + path + " AND EXISTS (SELECT 1 FROM public.projects p JOIN public.org_members m "
                    + "ON m.org_id = p.org_id WHERE p.id = d.project_id AND m.user_id = ? AND m.joined_at <= d.updated_at))"
                    + " OR " + collab + ")";
            default -> throw new IllegalArgumentException(permission);
        };
    }
}
