package dev.sealpost.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UsersFileTest {

  private static final PasswordHasher CHEAP = new PasswordHasher(PasswordHasherTest.CHEAP);
  private static final String HASH = "{ARGON2ID}" + PasswordHasherTest.KAT_32MIB;

  @TempDir Path dir;

  private Path write(String mode, String... lines) throws IOException {
    Path file = dir.resolve("users");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  @Test
  void roundTripKeepsCommentsAndVerifiesPasswords() throws IOException {
    Path file = write("rw-------", "# Sealpost users", "", "Alice@Example.org:" + HASH);
    UsersFile users = UsersFile.load(file, CHEAP);
    users.add("bob@example.org", "s3cret".toCharArray());
    users.save();

    UsersFile again = UsersFile.load(file, CHEAP);
    assertThat(again.users()).containsExactly("Alice@Example.org", "bob@example.org");
    assertThat(new PasswordHasher().verify("s3cret".toCharArray(), again.passwordHash("BOB@example.org").orElseThrow()))
        .isTrue();
    assertThat(again.passwordHash("bob@example.org").orElseThrow()).startsWith("{ARGON2ID}$argon2id$v=19$m=64,");
    assertThat(Files.readAllLines(file)).startsWith("# Sealpost users", "", "Alice@Example.org:" + HASH);
  }

  @Test
  void looksUpIgnoringCaseAndReturnsTheStoredSpelling() throws IOException {
    UsersFile users = UsersFile.load(write("rw-r-----", "Alice@Example.org:" + HASH), CHEAP);
    assertThat(users.contains("alice@example.ORG")).isTrue();
    assertThat(users.entry("ALICE@EXAMPLE.ORG").orElseThrow().address()).isEqualTo("Alice@Example.org");
    assertThat(users.passwordHash("alice@example.org")).contains(HASH);
    assertThat(users.contains("alice@example.net")).isFalse();
    assertThat(users.passwordHash("nobody@example.org")).isEmpty();
  }

  @Test
  void usersAreSorted() throws IOException {
    UsersFile users = UsersFile.load(write("rw-------", "c@x.org:" + HASH, "a@x.org:" + HASH, "b@x.org:" + HASH),
        CHEAP);
    assertThat(users.users()).containsExactly("a@x.org", "b@x.org", "c@x.org");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rw----r--", "rw-----w-", "rw------x", "rw-rw----", "rw-rw-rw-", "rw-r--r--"})
  void refusesFilesOthersCanReadOrGroupCanWrite(String mode) throws IOException {
    Path file = write(mode, "a@x.org:" + HASH);
    assertThatThrownBy(() -> UsersFile.load(file)).isInstanceOf(UsersFileException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining(mode).hasMessageContaining("chmod 600");
  }

  @Test
  void acceptsOwnerOnlyAndGroupReadable() throws IOException {
    assertThat(UsersFile.load(write("rw-------", "a@x.org:" + HASH)).users()).hasSize(1);
    assertThat(UsersFile.load(write("r--r-----", "a@x.org:" + HASH)).users()).hasSize(1);
  }

  @Test
  void missingFileIsAnErrorNamingThePath() {
    Path file = dir.resolve("nope");
    assertThatThrownBy(() -> UsersFile.load(file)).isInstanceOf(UsersFileException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("does not exist");
  }

  static Stream<String[]> malformed() {
    return Stream.of(
        new String[] {"no-colon-here", "expected address:"},
        new String[] {"a@x.org", "expected address:"},
        new String[] {"a@x.org:", "must start with {ARGON2ID}"},
        new String[] {"a@x.org:$argon2id$v=19$m=32768,t=2,p=1$c29tZXNhbHQ$XI8TkQ", "must start with {ARGON2ID}"},
        new String[] {"a@x.org:{SHA512-CRYPT}$6$abc", "must start with {ARGON2ID}"},
        new String[] {"a@x.org:{ARGON2ID}$argon2id$v=19$m=9999999,t=2,p=1$c29tZXNhbHQ$XI8TkQ/K9Vf7vxfnzX73a5oi22rsz1dnaMYpfL+Ga8A", "m=9999999"},
        new String[] {"a@x.org:" + HASH + ":1000:1000::/home/a", "not an argon2id"},
        new String[] {"ax.org:" + HASH, "exactly one @"},
        new String[] {"a@b@x.org:" + HASH, "exactly one @"},
        new String[] {"@x.org:" + HASH, "must not be empty"},
        new String[] {"a b@x.org:" + HASH, "whitespace"},
        new String[] {"A@X.ORG:" + HASH, "duplicate user A@X.ORG"});
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void malformedLinesAreRefusedWithTheirLineNumber(String bad, String why) throws IOException {
    Path file = write("rw-------", "# users", "a@x.org:" + HASH, bad, "z@x.org:" + HASH);
    assertThatThrownBy(() -> UsersFile.load(file)).isInstanceOf(UsersFileException.class)
        .hasMessageContaining(file + " line 3: ").hasMessageContaining(why);
  }

  @Test
  void refusesInvalidUtf8() throws IOException {
    Path file = write("rw-------", "x");
    Files.write(file, new byte[] {'a', '@', 'x', ':', (byte) 0xff, '\n'});
    assertThatThrownBy(() -> UsersFile.load(file)).isInstanceOf(UsersFileException.class)
        .hasMessageContaining("UTF-8");
  }

  @Test
  void saveIsAtomicWithMode600AndLeavesNoTemporaryFile() throws IOException {
    Path file = dir.resolve("users");
    UsersFile users = UsersFile.createEmpty(file);
    users.add("a@x.org", "pw".toCharArray());
    users.save();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    UsersFile loaded = UsersFile.load(file, CHEAP);
    loaded.remove("A@x.org");
    loaded.save();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(UsersFile.load(file).users()).isEmpty();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void createEmptyRefusesToReplaceAnExistingFile() throws IOException {
    Path file = write("rw-------", "a@x.org:" + HASH);
    assertThatThrownBy(() -> UsersFile.createEmpty(file)).isInstanceOf(UsersFileException.class)
        .hasMessageContaining("already exists");
  }

  @Test
  void mutationsCheckExistence() throws IOException {
    UsersFile users = UsersFile.load(write("rw-------", "a@x.org:" + HASH), CHEAP);
    assertThatThrownBy(() -> users.add("A@X.org", "pw".toCharArray())).isInstanceOf(UsersFileException.class)
        .hasMessageContaining("already exists");
    assertThatThrownBy(() -> users.remove("b@x.org")).isInstanceOf(UsersFileException.class)
        .hasMessageContaining("no user b@x.org");
    assertThatThrownBy(() -> users.setPassword("b@x.org", "pw".toCharArray()))
        .isInstanceOf(UsersFileException.class).hasMessageContaining("no user b@x.org");
  }

  @Test
  void setPasswordReplacesTheHashInPlace() throws IOException {
    Path file = write("rw-------", "a@x.org:" + HASH, "# keep me", "b@x.org:" + HASH);
    UsersFile users = UsersFile.load(file, CHEAP);
    users.setPassword("A@X.ORG", "new".toCharArray());
    users.save();
    UsersFile again = UsersFile.load(file, CHEAP);
    assertThat(CHEAP.verify("new".toCharArray(), again.passwordHash("a@x.org").orElseThrow())).isTrue();
    assertThat(Files.readAllLines(file).get(0)).startsWith("a@x.org:{ARGON2ID}$argon2id$v=19$m=64,");
    assertThat(Files.readAllLines(file).subList(1, 3)).containsExactly("# keep me", "b@x.org:" + HASH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "plain", "a@", "@b", "a@b@c", "a b@c", "a@b\tc", "a:b@c", "a@b\u0000", "a\u2028@b",
      "#a@b", "a@b\n"})
  void addRefusesInsaneAddresses(String address) {
    UsersFile users = UsersFile.createEmpty(dir.resolve("users"));
    assertThatThrownBy(() -> users.add(address, "pw".toCharArray())).isInstanceOf(UsersFileException.class)
        .hasMessageContaining("address");
  }

  @Test
  void addRefusesAddressesLongerThan254Octets() {
    UsersFile users = UsersFile.createEmpty(dir.resolve("users"));
    String ok = "a".repeat(64) + "@" + "d".repeat(189);
    assertThat(ok).hasSize(254);
    assertThatThrownBy(() -> users.add("é" + ok.substring(1), "pw".toCharArray()))
        .hasMessageContaining("254 octets");
    assertThat(UserAddresses.problem(ok)).isEmpty();
  }
}
