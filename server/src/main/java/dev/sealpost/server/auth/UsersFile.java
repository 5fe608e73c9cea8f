package dev.sealpost.server.auth;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The users file: one user per line, {@code address:{ARGON2ID}$argon2id$v=19$...}, with {@code #}
 * comments and blank lines, which are kept when the file is saved. Addresses are stored as given and
 * looked up ignoring case.
 *
 * <p>An instance is mutable ({@link #add}, {@link #remove}, {@link #setPassword}, then {@link #save})
 * and its methods are synchronized. The server never mutates its instance: it loads a new one when the
 * file changes. Every error is a {@link UsersFileException} naming the file, and the line when there is one.
 */
public final class UsersFile {

  /** One user: the address as written in the file and its password hash. */
  public record Entry(String address, String passwordHash) {
    @Override
    public String toString() {
      return "Entry[" + address + "]"; // the hash stays out of logs
    }
  }

  private final Path path;
  private final PasswordHasher hasher;
  private final List<Object> lines; // String for a comment or blank line, Entry for a user
  private final Map<String, Entry> byKey = new HashMap<>();

  private UsersFile(Path path, PasswordHasher hasher, List<Object> lines) {
    this.path = path;
    this.hasher = hasher;
    this.lines = lines;
  }

  /** Reads and checks {@code path}: permissions, syntax, hashes and duplicate users. */
  public static UsersFile load(Path path) {
    return load(path, new PasswordHasher());
  }

  static UsersFile load(Path path, PasswordHasher hasher) {
    UsersFilePermissions.check(path);
    List<String> text;
    try {
      text = Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UsersFileException("users file " + path + " does not exist");
    } catch (CharacterCodingException e) {
      throw new UsersFileException("users file " + path + " is not valid UTF-8");
    } catch (IOException e) {
      throw new UsersFileException("users file " + path + " cannot be read: " + e.getMessage(), e);
    }
    UsersFile file = new UsersFile(path, hasher, new ArrayList<>());
    for (int i = 0; i < text.size(); i++) {
      String line = text.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        file.lines.add(text.get(i));
        continue;
      }
      try {
        file.append(parseLine(line));
      } catch (IllegalArgumentException e) {
        throw new UsersFileException(path + " line " + (i + 1) + ": " + e.getMessage());
      }
    }
    return file;
  }

  /** A new, empty users file at {@code path}, written by {@link #save()}; refuses to replace one. */
  public static UsersFile createEmpty(Path path) {
    return createEmpty(path, new PasswordHasher());
  }

  static UsersFile createEmpty(Path path, PasswordHasher hasher) {
    if (Files.exists(path)) {
      throw new UsersFileException("users file " + path + " already exists");
    }
    return new UsersFile(path, hasher, new ArrayList<>());
  }

  private static Entry parseLine(String line) {
    int colon = line.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("expected address:{ARGON2ID}$argon2id$...");
    }
    String address = line.substring(0, colon);
    String hash = line.substring(colon + 1);
    UserAddresses.problem(address).ifPresent(why -> {
      throw new IllegalArgumentException("address \"" + address + "\" " + why);
    });
    if (!hash.startsWith(PhcString.DOVECOT_PREFIX)) {
      throw new IllegalArgumentException("password of " + address + " must start with " + PhcString.DOVECOT_PREFIX);
    }
    try {
      PhcString.parse(hash);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("password of " + address + ": " + e.getMessage());
    }
    return new Entry(address, hash);
  }

  private void append(Entry entry) {
    if (byKey.putIfAbsent(UserAddresses.key(entry.address()), entry) != null) {
      throw new IllegalArgumentException("duplicate user " + entry.address());
    }
    lines.add(entry);
  }

  public Path path() {
    return path;
  }

  /** The user stored under {@code address}, ignoring case. */
  public synchronized Optional<Entry> entry(String address) {
    return Optional.ofNullable(byKey.get(UserAddresses.key(address)));
  }

  /** The stored hash ({@code {ARGON2ID}$argon2id$...}) of {@code address}, ignoring case. */
  public Optional<String> passwordHash(String address) {
    return entry(address).map(Entry::passwordHash);
  }

  public boolean contains(String address) {
    return entry(address).isPresent();
  }

  /** The addresses as stored, sorted. */
  public synchronized List<String> users() {
    return byKey.values().stream().map(Entry::address).sorted().toList();
  }

  /** Adds a user with a new Argon2id hash of {@code password}; refuses an existing or insane address. */
  public void add(String address, char[] password) {
    UserAddresses.problem(address).ifPresent(why -> {
      throw new UsersFileException("cannot add \"" + address + "\" to " + path + ": address " + why);
    });
    if (contains(address)) {
      throw new UsersFileException("user " + address + " already exists in " + path);
    }
    Entry entry = new Entry(address, PhcString.DOVECOT_PREFIX + hasher.hash(password)); // slow: not locked
    synchronized (this) {
      if (byKey.putIfAbsent(UserAddresses.key(address), entry) != null) {
        throw new UsersFileException("user " + address + " already exists in " + path);
      }
      lines.add(entry);
    }
  }

  public synchronized void remove(String address) {
    Entry old = existing(address);
    byKey.remove(UserAddresses.key(address));
    lines.remove(old);
  }

  public void setPassword(String address, char[] password) {
    existing(address);
    String hash = PhcString.DOVECOT_PREFIX + hasher.hash(password);
    synchronized (this) {
      Entry old = existing(address);
      Entry updated = new Entry(old.address(), hash);
      byKey.put(UserAddresses.key(address), updated);
      lines.set(lines.indexOf(old), updated);
    }
  }

  private synchronized Entry existing(String address) {
    return entry(address).orElseThrow(() -> new UsersFileException("no user " + address + " in " + path));
  }

  /** Writes the file atomically with mode 600 (see {@link AtomicFileWriter}). */
  public synchronized void save() {
    StringBuilder out = new StringBuilder();
    for (Object line : lines) {
      out.append(line instanceof Entry e ? e.address() + ":" + e.passwordHash() : line).append('\n');
    }
    try {
      AtomicFileWriter.write(path, out.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UsersFileException("cannot write users file " + path + ": " + e.getMessage(), e);
    }
  }
}
