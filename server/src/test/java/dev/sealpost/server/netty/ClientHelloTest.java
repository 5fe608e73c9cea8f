package dev.sealpost.server.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** ClientHellos as the JDK's own TLS client writes them, and garbage. */
class ClientHelloTest {

  /** The ClientHello body (after the record and handshake headers) of a JDK client. */
  private static ByteBuf hello(String sni, String[] protocols, String[] schemes, String[] suites) throws Exception {
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, null, null);
    SSLEngine engine = ssl.createSSLEngine("peer.example", 465);
    engine.setUseClientMode(true);
    SSLParameters p = engine.getSSLParameters();
    p.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
    p.setProtocols(protocols);
    p.setSignatureSchemes(schemes);
    if (suites != null) {
      p.setCipherSuites(suites);
    }
    engine.setSSLParameters(p);
    ByteBuffer out = ByteBuffer.allocate(64 * 1024);
    engine.wrap(ByteBuffer.allocate(0), out);
    out.flip();
    ByteBuf record = Unpooled.wrappedBuffer(out);
    return record.slice(9, record.readableBytes() - 9);
  }

  private static final String[] BOTH = {"TLSv1.3", "TLSv1.2"};
  private static final String[] ECDSA = {"ecdsa_secp256r1_sha256"};
  private static final String[] RSA = {"rsa_pss_rsae_sha256", "rsa_pkcs1_sha256"};

  @Test
  void nameAndEcdsaSupportAreRead() throws Exception {
    assertThat(ClientHello.parse(hello("Mail.Example.TEST", BOTH, ECDSA, null), true))
        .isEqualTo(new ClientHello("mail.example.test", true));
    assertThat(ClientHello.parse(hello("mail.example.test", BOTH, RSA, null), true))
        .isEqualTo(new ClientHello("mail.example.test", false));
    assertThat(ClientHello.parse(hello(null, BOTH, new String[] {"rsa_pss_rsae_sha256", "ecdsa_secp384r1_sha384"},
        null), true)).isEqualTo(new ClientHello(null, true));
  }

  @Test
  void tls12ClientsNeedAnEcdsaSuiteToo() throws Exception {
    String[] tls12 = {"TLSv1.2"};
    assertThat(ClientHello.parse(hello("a.test", tls12, new String[] {"ecdsa_secp256r1_sha256", "rsa_pkcs1_sha256"},
        new String[] {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}), true).ecdsa()).isFalse();
    assertThat(ClientHello.parse(hello("a.test", tls12, ECDSA,
        new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"}), true).ecdsa()).isTrue();
    // A TLS 1.3 client on a server limited to TLS 1.2 is judged by its TLS 1.2 suites.
    assertThat(ClientHello.parse(hello("a.test", BOTH, ECDSA, new String[] {"TLS_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}), false).ecdsa()).isFalse();
  }

  @Property(tries = 2000)
  void garbageNeverThrows(@ForAll byte[] bytes) {
    ClientHello.parse(Unpooled.wrappedBuffer(bytes), true);
  }

  @Test
  void truncatedHellosGiveTheDefaults() throws Exception {
    ByteBuf full = hello("mail.example.test", BOTH, ECDSA, null);
    for (int length = 0; length < full.readableBytes(); length += 7) {
      ClientHello h = ClientHello.parse(full.slice(0, length), true);
      assertThat(h).isNotNull();
    }
    assertThat(ClientHello.parse(null, true)).isEqualTo(ClientHello.UNKNOWN);
  }
}
