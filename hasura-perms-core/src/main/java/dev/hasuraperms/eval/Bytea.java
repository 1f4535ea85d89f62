package dev.hasuraperms.eval;

import dev.hasuraperms.types.ValueParseException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** bytea values, kept as PostgreSQL's hex output ({@code \x0aff}); reads both input formats. */
final class Bytea {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Bytea() {
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(2 + 2 * b.length).append("\\x");
        for (byte x : b) {
            sb.append(HEX[(x >> 4) & 0xf]).append(HEX[x & 0xf]);
        }
        return sb.toString();
    }

    /** byteain: {@code \x} followed by hex digit pairs (white space between pairs), or the escape format. */
    static String canonical(String text) {
        if (text.startsWith("\\x")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int i = 2;
            int n = text.length();
            while (i < n) {
                char c = text.charAt(i);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    i++;
                    continue;
                }
                int hi = Character.digit(c, 16);
                if (hi < 0 || c > 127) {
                    throw new ValueParseException("invalid hexadecimal digit: \"" + c + "\"");
                }
                if (i + 1 >= n) {
                    throw new ValueParseException("invalid hexadecimal data: odd number of digits");
                }
                char d = text.charAt(i + 1);
                int lo = Character.digit(d, 16);
                if (lo < 0 || d > 127) {
                    throw new ValueParseException("invalid hexadecimal digit: \"" + d + "\"");
                }
                out.write(hi * 16 + lo);
                i += 2;
            }
            return hex(out.toByteArray());
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < bytes.length) {
            byte b = bytes[i];
            if (b != '\\') {
                out.write(b);
                i++;
            } else if (i + 1 < bytes.length && bytes[i + 1] == '\\') {
                out.write('\\');
                i += 2;
            } else if (i + 3 < bytes.length && isOctal(bytes[i + 1], '3') && isOctal(bytes[i + 2], '7')
                    && isOctal(bytes[i + 3], '7')) {
                out.write(((bytes[i + 1] - '0') << 6) | ((bytes[i + 2] - '0') << 3) | (bytes[i + 3] - '0'));
                i += 4;
            } else {
                throw new ValueParseException("invalid input syntax for type bytea");
            }
        }
        return hex(out.toByteArray());
    }

    private static boolean isOctal(byte b, char max) {
        return b >= '0' && b <= max;
    }
}
