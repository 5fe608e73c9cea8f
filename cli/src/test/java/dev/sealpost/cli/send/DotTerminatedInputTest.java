package dev.sealpost.cli.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class DotTerminatedInputTest {

  private static String through(String in) throws IOException {
    return new String(new DotTerminatedInput(new ByteArrayInputStream(in.getBytes(StandardCharsets.ISO_8859_1)))
        .readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void aLoneDotLineEndsTheMessage() throws IOException {
    assertThat(through("Subject: x\n\nbody\n.\nafter\n")).isEqualTo("Subject: x\n\nbody\n");
    assertThat(through("Subject: x\r\n\r\nbody\r\n.\r\nafter")).isEqualTo("Subject: x\r\n\r\nbody\r\n");
    assertThat(through("body\n.")).isEqualTo("body\n");
    assertThat(through(".\n")).isEmpty();
  }

  @Test
  void dotsThatDoNotStandAloneAreData() throws IOException {
    assertThat(through("a\n..\n.x\n .\n")).isEqualTo("a\n..\n.x\n .\n");
    assertThat(through("a\n.\rb\n")).isEqualTo("a\n.\rb\n");
    assertThat(through("a.\nb")).isEqualTo("a.\nb");
  }

  @Property
  void withoutALoneDotEverythingPasses(@ForAll @StringLength(max = 200) String s) throws IOException {
    String text = s.replace("\n.\n", "\n").replace("\n.\r\n", "\n");
    if (text.startsWith(".\n") || text.startsWith(".\r\n") || text.equals(".") || text.endsWith("\n.")
        || text.endsWith("\n.\r")) {
      return; // those end the input by design; covered above
    }
    String latin = new String(text.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
    if (latin.contains("\n.\n") || latin.contains("\n.\r\n")) {
      return;
    }
    assertThat(through(latin)).isEqualTo(latin);
  }
}
