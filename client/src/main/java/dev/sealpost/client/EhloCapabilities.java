package dev.sealpost.client;

import dev.sealpost.protocol.SmtpReply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The extensions an EHLO reply announces (RFC 5321 §4.1.1.1): every line after the first is a keyword
 * and its parameters. Only the reply received inside TLS is ever used once TLS is up.
 */
record EhloCapabilities(Map<String, List<String>> extensions) {

  static final EhloCapabilities NONE = new EhloCapabilities(Map.of());

  EhloCapabilities {
    extensions = Map.copyOf(extensions);
  }

  static EhloCapabilities parse(SmtpReply reply) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (String line : reply.lines().subList(1, reply.lines().size())) {
      String[] words = line.trim().split(" +");
      if (words[0].isEmpty()) {
        continue;
      }
      List<String> params = new ArrayList<>(List.of(words).subList(1, words.length));
      map.put(words[0].toUpperCase(Locale.ROOT), params);
    }
    return new EhloCapabilities(map);
  }

  boolean has(String keyword) {
    return extensions.containsKey(keyword);
  }

  /** The SIZE limit (RFC 1870 §4); empty when SIZE is not offered or declares no limit (0). */
  OptionalLong sizeLimit() {
    List<String> params = extensions.get("SIZE");
    if (params == null || params.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      long limit = Long.parseLong(params.getFirst());
      return limit > 0 ? OptionalLong.of(limit) : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** AUTH mechanisms in upper case, in the server's order. */
  List<String> authMechanisms() {
    return extensions.getOrDefault("AUTH", List.of()).stream().map(m -> m.toUpperCase(Locale.ROOT)).toList();
  }
}
