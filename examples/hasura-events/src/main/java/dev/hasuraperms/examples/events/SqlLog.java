package dev.hasuraperms.examples.events;

import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Shows every statement the library runs: a {@link Connection} wrapper that prints each prepared statement's SQL and
 * bind values when it is executed, and the transaction boundaries, exactly as they reach the JDBC driver.
 *
 * <p>The demo hands the wrapped connection to {@code SecureJdbc} and {@code SecureDsl}, so what is printed is what
 * they sent to PostgreSQL (nothing is rebuilt by hand). {@link #count()} tells how many statements ran, which is how
 * the demo shows that a refused request ran none.
 */
final class SqlLog {

    /** One executed statement: its SQL text and its bind values by parameter index. */
    record Executed(String sql, List<Object> binds) {
    }

    private final PrintStream out;
    private final List<Executed> executed = new ArrayList<>();

    SqlLog(PrintStream out) {
        this.out = out;
    }

    /** The statements executed so far through connections of this log. */
    int count() {
        return executed.size();
    }

    /** The statements executed so far, in order. */
    List<Executed> executed() {
        return List.copyOf(executed);
    }

    /** {@code connection}, with every prepared statement and transaction boundary printed. */
    Connection wrap(Connection connection) {
        return (Connection) Proxy.newProxyInstance(SqlLog.class.getClassLoader(), new Class<?>[] {Connection.class},
                new ConnectionHandler(connection));
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private final class ConnectionHandler implements InvocationHandler {

        private final Connection target;

        ConnectionHandler(Connection target) {
            this.target = target;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.equals("setAutoCommit") && Boolean.FALSE.equals(args[0]) && target.getAutoCommit()) {
                out.println("   BEGIN");
            } else if (name.equals("commit")) {
                out.println("   COMMIT");
            } else if (name.equals("rollback")) {
                out.println(args == null ? "   ROLLBACK" : "   ROLLBACK TO SAVEPOINT");
            } else if (name.equals("setSavepoint")) {
                out.println("   SAVEPOINT");
            }
            Object result = SqlLog.invoke(target, method, args);
            if (name.equals("prepareStatement") && result instanceof PreparedStatement ps) {
                return Proxy.newProxyInstance(SqlLog.class.getClassLoader(), new Class<?>[] {PreparedStatement.class},
                        new StatementHandler(ps, (String) args[0]));
            }
            return result;
        }
    }

    private final class StatementHandler implements InvocationHandler {

        private final PreparedStatement target;
        private final String sql;
        private final SortedMap<Integer, Object> binds = new TreeMap<>();

        StatementHandler(PreparedStatement target, String sql) {
            this.target = target;
            this.sql = sql;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer index) {
                binds.put(index, name.equals("setNull") ? null : args[1]);
            } else if (name.equals("clearParameters")) {
                binds.clear();
            } else if (name.startsWith("execute") && (args == null || args.length == 0)) {
                List<Object> values = new ArrayList<>(binds.values());
                executed.add(new Executed(sql, values));
                out.println("   SQL   " + sql);
                if (!values.isEmpty()) {
                    out.println("   binds " + values);
                }
            }
            return SqlLog.invoke(target, method, args);
        }
    }
}
