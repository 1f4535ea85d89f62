package dev.hasuraperms.spring.jpa;

import dev.hasuraperms.names.QualifiedName;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.metamodel.mapping.Association;
import org.hibernate.metamodel.mapping.BasicValuedModelPart;
import org.hibernate.metamodel.mapping.EntityAssociationMapping;
import org.hibernate.metamodel.mapping.EntityIdentifierMapping;
import org.hibernate.metamodel.mapping.EntityMappingType;
import org.hibernate.metamodel.mapping.ForeignKeyDescriptor;
import org.hibernate.metamodel.mapping.SelectableMapping;
import org.hibernate.metamodel.mapping.ValuedModelPart;
import org.hibernate.persister.entity.EntityPersister;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The entity ↔ table and attribute ↔ column mapping of a persistence unit, read from Hibernate's mapping model, so
 * the names are the ones Hibernate writes in SQL (after the physical naming strategy).
 */
final class EntityMappings {

    private final Map<QualifiedName, List<EntityMapping>> byTable;
    private final Map<Class<?>, EntityMapping> byClass;
    private final Map<Class<?>, EntityPersister> persisters;

    private EntityMappings(Map<QualifiedName, List<EntityMapping>> byTable, Map<Class<?>, EntityMapping> byClass,
                           Map<Class<?>, EntityPersister> persisters) {
        this.byTable = byTable;
        this.byClass = byClass;
        this.persisters = persisters;
    }

    /** Reads the mapping of every entity of {@code emf} (a Hibernate persistence unit). */
    static EntityMappings read(EntityManagerFactory emf, String defaultSchema) {
        SessionFactoryImplementor sf = emf.unwrap(SessionFactoryImplementor.class);
        Map<QualifiedName, List<EntityMapping>> byTable = new LinkedHashMap<>();
        Map<Class<?>, EntityMapping> byClass = new LinkedHashMap<>();
        Map<Class<?>, EntityPersister> persisters = new HashMap<>();
        sf.getMappingMetamodel().forEachEntityDescriptor(p -> {
            EntityMapping m = map(p, defaultSchema);
            byTable.computeIfAbsent(m.table(), k -> new ArrayList<>()).add(m);
            byClass.put(m.entity(), m);
            persisters.put(m.entity(), p);
        });
        return new EntityMappings(byTable, byClass, persisters);
    }

    private static EntityMapping map(EntityPersister p, String defaultSchema) {
        EntityMappingType type = p;
        QualifiedName table = tableName(type.getMappedTableDetails().getTableName(), defaultSchema);
        String mainTable = type.getMappedTableDetails().getTableName();
        Map<String, EntityMapping.ColumnPath> columns = new LinkedHashMap<>();
        List<String> idColumns = new ArrayList<>();
        EntityIdentifierMapping id = type.getIdentifierMapping();
        String idAttribute = id.getAttributeName();
        if (id instanceof BasicValuedModelPart b) {
            String c = columnName(b.getSelectionExpression());
            idColumns.add(c);
            columns.put(c, new EntityMapping.ColumnPath(List.of(idAttribute), id.getJavaType().getJavaTypeClass(),
                    idAttribute, Optional.empty()));
        } else {
            id.forEachSelectable((i, s) -> idColumns.add(columnName(s.getSelectionExpression())));
        }
        type.forEachAttributeMapping(a -> mapAttribute(a, mainTable, columns));
        return new EntityMapping(type.getJavaType().getJavaTypeClass(), type.getEntityName(), table, columns,
                idColumns, idAttribute);
    }

    private static void mapAttribute(AttributeMapping a, String mainTable, Map<String, EntityMapping.ColumnPath> out) {
        if (a.isPluralAttributeMapping()) {
            return;
        }
        if (a instanceof BasicValuedModelPart b) {
            if (!b.isFormula() && mainTable.equals(b.getContainingTableExpression())) {
                out.putIfAbsent(columnName(b.getSelectionExpression()), new EntityMapping.ColumnPath(
                        List.of(a.getAttributeName()), a.getJavaType().getJavaTypeClass(), a.getAttributeName(),
                        Optional.empty()));
            }
            return;
        }
        if (a instanceof EntityAssociationMapping assoc && a instanceof Association fkAssoc) {
            ForeignKeyDescriptor fk = fkAssoc.getForeignKeyDescriptor();
            if (fkAssoc.getSideNature() != ForeignKeyDescriptor.Nature.KEY || fk.getJdbcTypeCount() != 1
                    || !mainTable.equals(fk.getKeyTable())) {
                return;
            }
            ValuedModelPart key = fk.getKeyPart();
            ValuedModelPart target = fk.getTargetPart();
            EntityMappingType targetEntity = assoc.getAssociatedEntityMappingType();
            EntityIdentifierMapping targetId = targetEntity.getIdentifierMapping();
            if (!(target instanceof EntityIdentifierMapping) && !target.getPartName().equals(targetId.getPartName())) {
                return;
            }
            SelectableMapping keyColumn = key.getSelectable(0);
            out.putIfAbsent(columnName(keyColumn.getSelectionExpression()), new EntityMapping.ColumnPath(
                    List.of(a.getAttributeName(), targetId.getAttributeName()),
                    targetId.getJavaType().getJavaTypeClass(), a.getAttributeName(),
                    Optional.of(targetEntity.getJavaType().getJavaTypeClass())));
        }
    }

    static QualifiedName tableName(String hibernateName, String defaultSchema) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < hibernateName.length(); i++) {
            char ch = hibernateName.charAt(i);
            if (ch == '"') {
                if (quoted && i + 1 < hibernateName.length() && hibernateName.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                    wasQuoted = true;
                }
            } else if (ch == '.' && !quoted) {
                parts.add(wasQuoted ? cur.toString() : cur.toString().toLowerCase(Locale.ROOT));
                cur.setLength(0);
                wasQuoted = false;
            } else {
                cur.append(ch);
            }
        }
        parts.add(wasQuoted ? cur.toString() : cur.toString().toLowerCase(Locale.ROOT));
        String name = parts.get(parts.size() - 1);
        String schema = parts.size() >= 2 ? parts.get(parts.size() - 2) : defaultSchema;
        return QualifiedName.of(schema, name);
    }

    static String columnName(String expression) {
        String e = expression.strip();
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            return e.substring(1, e.length() - 1).replace("\"\"", "\"");
        }
        if (e.length() >= 2 && e.startsWith("`") && e.endsWith("`")) {
            return e.substring(1, e.length() - 1);
        }
        return e.toLowerCase(Locale.ROOT);
    }

    /** The entity mapped to {@code table}: the one entity, or the one that is not a subclass of another. */
    Optional<EntityMapping> forTable(QualifiedName table) {
        List<EntityMapping> ms = byTable.get(table);
        if (ms == null || ms.isEmpty()) {
            return Optional.empty();
        }
        EntityMapping best = ms.get(0);
        for (EntityMapping m : ms) {
            if (m.entity().isAssignableFrom(best.entity())) {
                best = m;
            }
        }
        return Optional.of(best);
    }

    /** The mapping of {@code entity} or of its nearest mapped superclass. */
    Optional<EntityMapping> forClass(Class<?> entity) {
        for (Class<?> c = entity; c != null && c != Object.class; c = c.getSuperclass()) {
            EntityMapping m = byClass.get(c);
            if (m != null) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    Optional<EntityPersister> persister(Class<?> entity) {
        return forClass(entity).map(m -> persisters.get(m.entity()));
    }

    Iterable<EntityMapping> all() {
        return byClass.values();
    }
}
