package dev.sealpost.server.outbound.mtasts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpResponseReaderTest {

  private static byte[] body(String response, int limit) throws Exception {
    HttpResponseReader reader = new HttpResponseReader(
        new ByteArrayInputStream(response.getBytes(StandardCharsets.ISO_8859_1)));
    return reader.readBody(reader.readHead(), limit);
  }

  private static FetchFailure.Kind failure(String response, int limit) {
    try {
      body(response, limit);
      throw new AssertionError("no failure for " + response);
    } catch (FetchException e) {
      return e.failure().kind();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void contentLengthBody() throws Exception {
    assertThat(body("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello and more", 100)).asString().isEqualTo("hello");
  }

  @Test
  void bodyUntilCloseWithBareLfHead() throws Exception {
    assertThat(body("HTTP/1.0 200\nContent-Type: text/plain\n\nhello", 100)).asString().isEqualTo("hello");
  }

  @Test
  void chunkedBodyWithExtensionsAndTrailers() throws Exception {
    String response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n"
        + "3;ext=1\r\nhel\r\n2\r\nlo\r\n0\r\nX-Trailer: y\r\n\r\n";

    assertThat(body(response, 100)).asString().isEqualTo("hello");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "HTTP/2 200\r\n\r\n",
      "HTTP/1.1 2000 OK\r\n\r\n",
      "SMTP 220 hello\r\n\r\n",
      "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
      "HTTP/1.1 200 OK\r\nName : space before colon\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain",
  })
  void malformedResponses(String response) {
    assertThat(failure(response, 100)).isEqualTo(FetchFailure.Kind.HTTP_PROTOCOL);
  }

  @Test
  void limitsHold() {
    assertThat(failure("HTTP/1.1 200 OK\r\nContent-Length: 101\r\n\r\n", 100)).isEqualTo(FetchFailure.Kind.TOO_LARGE);
    assertThat(failure("HTTP/1.1 200 OK\r\n\r\n" + "x".repeat(101), 100)).isEqualTo(FetchFailure.Kind.TOO_LARGE);
    assertThat(failure("HTTP/1.1 200 OK\r\nX: " + "a".repeat(HttpResponseReader.MAX_LINE) + "\r\n\r\n", 100))
        .isEqualTo(FetchFailure.Kind.HTTP_PROTOCOL);
    assertThat(failure("HTTP/1.1 200 OK\r\n" + "X: a\r\n".repeat(HttpResponseReader.MAX_HEADERS + 1) + "\r\n", 100))
        .isEqualTo(FetchFailure.Kind.HTTP_PROTOCOL);
  }

  @Property(tries = 300)
  void randomBytesFailOnlyAsFetchFailures(@ForAll @Size(max = 300) byte[] bytes) throws Exception {
    byte[] withHead = new byte[bytes.length + 17];
    System.arraycopy("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII), 0, withHead, 0, 17);
    System.arraycopy(bytes, 0, withHead, 17, bytes.length);
    for (byte[] input : new byte[][] {bytes, withHead}) {
      HttpResponseReader reader = new HttpResponseReader(new ByteArrayInputStream(input));
      try {
        assertThat(reader.readBody(reader.readHead(), 64)).hasSizeLessThanOrEqualTo(64);
      } catch (FetchException expected) {
        // fine
      }
    }
  }
}
