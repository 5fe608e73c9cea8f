package dev.sealpost.tls;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** Random and mangled input only ever fails with KeyMaterialException, never a raw parser exception. */
class PemKeyMaterialLoaderPropertyTest {

  private static final String VALID_KEY_BODY = java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
      .encodeToString(KeyType.EC_P256.generate().getPrivate().getEncoded()) + "\n";

  @Property(tries = 300)
  void randomBytes(@ForAll @Size(max = 600) byte[] bytes) throws Exception {
    Path file = Files.createTempFile("random", ".pem");
    try {
      Files.write(file, bytes);
      assertThatThrownBy(() -> PemKeyMaterialLoader.load(file, file)).isInstanceOf(KeyMaterialException.class);
    } finally {
      Files.delete(file);
    }
  }

  @Property(tries = 300)
  void mangledKeyBody(@ForAll int position, @ForAll char replacement) throws Exception {
    StringBuilder body = new StringBuilder(VALID_KEY_BODY);
    body.setCharAt(Math.floorMod(position, body.length()), replacement);
    Path file = Files.createTempFile("mangled", ".key");
    try {
      Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + body + "-----END PRIVATE KEY-----\n");
      try {
        PemKeyMaterialLoader.loadPrivateKey(file);
      } catch (KeyMaterialException expected) {
        // fine: either it still decodes or it is reported
      }
    } finally {
      Files.delete(file);
    }
  }
}
