package dev.sealpost.server.auth;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Which reverse-paths (MAIL FROM) an authenticated user may use, so that one user cannot send as
 * another. A user may always use their own address. The configuration may grant more per user:
 * <ul>
 *   <li>{@code alice@example.org}: that address;</li>
 *   <li>{@code @example.org}: any address at that domain (not its subdomains);</li>
 *   <li>{@code <>}: the null reverse-path (RFC 5321 §4.5.5), which asks for no bounces; only for
 *       programs that send notifications;</li>
 *   <li>{@code *}: any address except the null one. Dangerous: the user can impersonate anyone,
 *       including the server's other users; meant for a trusted relay such as a web application.</li>
 * </ul>
 * Addresses and domains compare ignoring case, the local part too: RFC 5321 §2.4 lets a server treat
 * local parts as case-sensitive, but two users differing only in case would be a trap, and the users
 * file already looks users up ignoring case.
 */
public final class SenderPolicy {

  private final Map<String, List<String>> grants = new HashMap<>();

  /**
   * @param senders extra patterns per user (keys and patterns compared ignoring case)
   * @throws IllegalArgumentException naming the pattern if one is none of the forms above
   */
  public SenderPolicy(Map<String, List<String>> senders) {
    senders.forEach((user, patterns) -> {
      for (String p : patterns) {
        if (!isPattern(p)) {
          throw new IllegalArgumentException("sender pattern \"" + p + "\" for " + user
              + " must be an address, @domain, <> or *");
        }
      }
      grants.merge(lower(user), patterns.stream().map(SenderPolicy::lower).toList(),
          (a, b) -> Stream.concat(a.stream(), b.stream()).toList());
    });
  }

  /** A policy where every user may use only their own address. */
  public static SenderPolicy ownAddressOnly() {
    return new SenderPolicy(Map.of());
  }

  /**
   * @param authenticatedUser the user as returned by {@link AuthOutcome.Success}
   * @param reversePathAddress the MAIL FROM address without angle brackets, {@code ""} for {@code <>}
   */
  public boolean mayUse(String authenticatedUser, String reversePathAddress) {
    List<String> patterns = grants.getOrDefault(lower(authenticatedUser), List.of());
    if (reversePathAddress.isEmpty()) {
      return patterns.contains("<>");
    }
    String address = lower(reversePathAddress);
    if (address.equals(lower(authenticatedUser))) {
      return true;
    }
    int at = address.lastIndexOf('@');
    String domain = at < 0 ? "" : address.substring(at);
    return patterns.stream()
        .anyMatch(p -> p.equals("*") || p.equals(address) || (!domain.isEmpty() && p.equals(domain)));
  }

  private static boolean isPattern(String p) {
    if (p.equals("*") || p.equals("<>")) {
      return true;
    }
    int at = p.lastIndexOf('@');
    return at >= 0 && at < p.length() - 1
        && p.codePoints().noneMatch(c -> Character.isWhitespace(c) || c == '<' || c == '>');
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
