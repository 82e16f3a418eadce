import java.io.*;
import java.math.*;
import java.util.*;
import java.util.zip.*;

/**
 * Writes shortest-doubles.txt.gz, the oracle for ShortestDecimalTest, from the JDK's own Double.toString,
 * which gives the shortest round-trip digits from JDK 19 on. Run: java ShortestDoublesOracle.java OUT.gz
 */
public class ShortestDoublesOracle {
  public static void main(String[] a) throws Exception {
    if (Runtime.version().feature() < 19) throw new IllegalStateException("needs JDK 19+ (shortest Double.toString)");
    Random r = new Random(20261128L);
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < 15000; i++) {
      double d = Double.longBitsToDouble(r.nextLong() & Long.MAX_VALUE);
      if (Double.isFinite(d) && d != 0) values.add(d);
    }
    for (int i = 0; i < 5000; i++) {
      long k = (long) (r.nextDouble() * Math.pow(10, 1 + r.nextInt(15)));
      int e = r.nextInt(40) - 20;
      double d = Double.parseDouble(k + "e" + e);
      if (Double.isFinite(d) && d != 0) values.add(d);
    }
    for (int e = -1074; e <= 1023; e++) values.add(Math.scalb(1.0, e));
    values.addAll(List.of(Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, 9007199254740992.0, 9007199254740993.0,
        1125899906842624.0, 1125899906842623.5, 0.1, 0.2, 0.3, 1e21, 1e22, 1e23, 2.82879384806159E17, 8.41E21, 5e-324));
    try (PrintWriter out = new PrintWriter(new OutputStreamWriter(new GZIPOutputStream(new FileOutputStream(a[0])), "US-ASCII"))) {
      out.println("# double bits (hex), shortest round-trip digits, decimal point position (value = 0.DIGITS x 10^POSITION)");
      for (double d : values) {
        String[] dp = digits(d);
        out.println(Long.toHexString(Double.doubleToRawLongBits(d)) + " " + dp[0] + " " + dp[1]);
      }
    }
  }

  static String[] digits(double d) {
    String s = Double.toString(d);
    int exp = 0;
    int e = s.indexOf('E');
    if (e >= 0) { exp = Integer.parseInt(s.substring(e + 1)); s = s.substring(0, e); }
    int dot = s.indexOf('.');
    String digits = s.substring(0, dot) + s.substring(dot + 1);
    int point = dot + exp;
    while (digits.length() > 1 && digits.charAt(0) == '0') { digits = digits.substring(1); point--; }
    while (digits.length() > 1 && digits.charAt(digits.length() - 1) == '0') digits = digits.substring(0, digits.length() - 1);
    if (digits.length() == 2) { // Java may pick two digits where one digit also reads back
      BigDecimal x = new BigDecimal(d);
      for (RoundingMode m : List.of(RoundingMode.HALF_EVEN, RoundingMode.CEILING, RoundingMode.FLOOR)) {
        BigDecimal c = x.round(new MathContext(1, m));
        if (c.doubleValue() == d) {
          String u = c.unscaledValue().toString();
          int pp = u.length() - c.scale();
          while (u.length() > 1 && u.endsWith("0")) u = u.substring(0, u.length() - 1);
          return new String[] {u, Integer.toString(pp)};
        }
      }
    }
    return new String[] {digits, Integer.toString(point)};
  }
}
