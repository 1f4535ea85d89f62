package dev.hasuraperms.eval;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Reads records and beans into rows. */
final class BeanRows {

    private BeanRows() {
    }

    static Row read(Object bean) {
        Class<?> c = bean.getClass();
        Map<String, Object> props = new LinkedHashMap<>();
        if (c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) {
                props.put(rc.getName(), invoke(rc.getAccessor(), bean));
            }
        } else {
            for (Method m : c.getMethods()) {
                if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class
                        || m.getReturnType() == void.class) {
                    continue;
                }
                String n = m.getName();
                String prop;
                if (n.startsWith("get") && n.length() > 3) {
                    prop = decapitalize(n.substring(3));
                } else if (n.startsWith("is") && n.length() > 2
                        && (m.getReturnType() == boolean.class || m.getReturnType() == Boolean.class)) {
                    prop = decapitalize(n.substring(2));
                } else {
                    prop = n;
                }
                if (n.equals("hashCode") || n.equals("toString") || n.equals("getClass")) {
                    continue;
                }
                props.putIfAbsent(prop, invoke(m, bean));
            }
        }
        Map<String, Object> byColumn = new LinkedHashMap<>();
        props.forEach((k, v) -> {
            byColumn.put(k, v);
            String snake = snake(k);
            byColumn.putIfAbsent(snake, v);
        });
        return new MapRow(byColumn);
    }

    private static Object invoke(Method m, Object bean) {
        try {
            if (!m.canAccess(bean)) {
                m.trySetAccessible();
            }
            return m.invoke(bean);
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            throw EvaluationException.invalidValue("cannot read " + m.getName() + "() of a "
                    + bean.getClass().getName() + " row: " + e, e);
        }
    }

    private static String decapitalize(String s) {
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isUpperCase(s.charAt(1))) {
            return s;
        }
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** {@code userId} as {@code user_id}. */
    static String snake(String camel) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char ch = camel.charAt(i);
            if (Character.isUpperCase(ch)) {
                if (i > 0) {
                    sb.append('_');
                }
                sb.append(Character.toLowerCase(ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
