package dev.sealpost.server.config;

import java.util.List;
import java.util.OptionalInt;

/**
 * Finds the line of a dotted key path in a TOML text. Jackson reads TOML into a tree first and loses
 * positions, so error messages get their line numbers from here: a line-oriented scan that tracks
 * {@code [table]} and {@code [[array]]} headers, good enough for the flat files we document.
 */
final class TomlLines {
  private TomlLines() {}

  /**
   * @param path keys from the root; array elements are given as their index, e.g. [listeners, 1, kind]
   */
  static OptionalInt find(List<String> lines, List<String> path) {
    if (path.isEmpty()) {
      return OptionalInt.empty();
    }
    String table = "";
    int arrayIndex = -1;
    java.util.Map<String, Integer> arrayCounts = new java.util.HashMap<>();
    String wantedTable = tablePart(path);
    String key = path.get(path.size() - 1);
    int fallback = -1;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith("[[") && line.endsWith("]]")) {
        table = line.substring(2, line.length() - 2).strip();
        arrayIndex = arrayCounts.merge(table, 1, Integer::sum) - 1;
        table = table + "." + arrayIndex;
        if (table.equals(wantedTable) && fallback < 0) {
          fallback = i;
        }
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        table = line.substring(1, line.length() - 1).strip();
        if (table.equals(wantedTable) && fallback < 0) {
          fallback = i;
        }
        continue;
      }
      if (table.equals(wantedTable) && keyOf(line).equals(key)) {
        return OptionalInt.of(i + 1);
      }
    }
    return fallback >= 0 ? OptionalInt.of(fallback + 1) : OptionalInt.empty();
  }

  private static String tablePart(List<String> path) {
    return String.join(".", path.subList(0, path.size() - 1));
  }

  private static String keyOf(String line) {
    int eq = line.indexOf('=');
    if (eq < 0 || line.startsWith("#")) {
      return "";
    }
    String k = line.substring(0, eq).strip();
    if (k.length() >= 2 && k.startsWith("\"") && k.endsWith("\"")) {
      k = k.substring(1, k.length() - 1);
    }
    return k;
  }
}
