package sonar.sonalyze.hosts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes a set of host names compactly, as the reference does for jobs across hosts and for clusters:
 * names with the same domain whose first elements are one prefix and a number are combined,
 * {@code a1.fox,a2.fox,a3.fox,a5.fox} as {@code a[1-3,5].fox}. The result depends only on the set,
 * not on the order of the names. Stateless.
 */
public final class HostNames {

  private HostNames() {}

  public static String compress(Collection<String> hosts) {
    // domain -> first elements; the domain "" stands for names without a dot, kept apart from "x." names
    Map<String, TreeSet<String>> byDomain = new TreeMap<>();
    for (String host : new TreeSet<>(hosts)) {
      int dot = host.indexOf('.');
      String domain = dot < 0 ? "" : "." + host.substring(dot + 1);
      byDomain.computeIfAbsent(domain, d -> new TreeSet<>()).add(dot < 0 ? host : host.substring(0, dot));
    }
    List<String[]> parts = new ArrayList<>(); // {domain without the dot, first element(s)}
    byDomain.forEach((domain, firsts) -> {
      Map<String, List<String>> byPrefix = new TreeMap<>();
      for (String first : firsts) {
        int digits = first.length();
        while (digits > 0 && Character.isDigit(first.charAt(digits - 1)) && first.charAt(digits - 1) < 128) {
          digits--;
        }
        boolean numbered = digits > 0 && digits < first.length() && first.length() - digits <= 18;
        byPrefix.computeIfAbsent(numbered ? first.substring(0, digits) : "\0" + first, p -> new ArrayList<>())
            .add(first);
      }
      byPrefix.forEach((prefix, names) -> {
        String shown = names.size() == 1 ? names.get(0) : prefix + "[" + ranges(names, prefix.length()) + "]";
        parts.add(new String[] {domain.isEmpty() ? "" : domain.substring(1), shown, domain});
      });
    });
    parts.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    StringBuilder out = new StringBuilder();
    for (String[] part : parts) {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(part[1]).append(part[2]);
    }
    return out.toString();
  }

  private static String ranges(List<String> names, int prefixLength) {
    long[] numbers = new long[names.size()];
    for (int i = 0; i < numbers.length; i++) {
      numbers[i] = Long.parseLong(names.get(i).substring(prefixLength));
    }
    java.util.Arrays.sort(numbers);
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < numbers.length) {
      int j = i + 1;
      while (j < numbers.length && numbers[j] == numbers[i] + (j - i)) {
        j++;
      }
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(numbers[i]);
      if (j > i + 1) {
        out.append('-').append(numbers[j - 1]);
      }
      i = j;
    }
    return out.toString();
  }
}
