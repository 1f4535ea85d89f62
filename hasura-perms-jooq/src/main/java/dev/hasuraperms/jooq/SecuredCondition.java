package dev.hasuraperms.jooq;

import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Context;
import org.jooq.impl.CustomCondition;
import org.jooq.impl.DSL;

/**
 * A WHERE or ON condition the {@link PermissionListener} secured: the host's condition (if any) AND the permission
 * filters of the tables it names. Also a mark: a statement part whose condition is one was secured already, so that a
 * part jOOQ visits twice (a DSL step and its delegate) gets its filters once. Immutable.
 */
final class SecuredCondition extends CustomCondition {

    private final Condition combined;

    private SecuredCondition(Condition combined) {
        this.combined = combined;
    }

    /** {@code original} (null or {@code noCondition()} for none) AND {@code filters} (not empty). */
    static SecuredCondition of(Condition original, List<Condition> filters) {
        List<Condition> all = new ArrayList<>(filters.size() + 1);
        if (original != null) {
            all.add(original);
        }
        all.addAll(filters);
        return new SecuredCondition(DSL.and(all));
    }

    @Override
    public void accept(Context<?> ctx) {
        ctx.visit(combined);
    }
}
