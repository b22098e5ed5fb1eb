package dev.fleetsh.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MarkerScannerTest {

  private final ByteArrayOutputStream data = new ByteArrayOutputStream();
  private final List<String> markers = new ArrayList<>();
  private final List<Integer> dataBeforeMarker = new ArrayList<>();

  private MarkerScanner scanner(String token) {
    return new MarkerScanner(token, new MarkerScanner.Handler() {
      @Override
      public void data(byte[] buf, int off, int len) {
        data.write(buf, off, len);
      }

      @Override
      public void marker(String trailer) {
        markers.add(trailer);
        dataBeforeMarker.add(data.size());
      }
    });
  }

  @Test
  void passesDataAndFindsMarkersInOneChunk() {
    MarkerScanner s = scanner("TOK:");
    byte[] in = "hello TOK:1:0\nworld".getBytes(StandardCharsets.US_ASCII);
    s.feed(in, 0, in.length);
    s.finish();
    assertThat(data.toString(StandardCharsets.US_ASCII)).isEqualTo("hello world");
    assertThat(markers).containsExactly("1:0");
    assertThat(dataBeforeMarker).containsExactly(6);
  }

  @Test
  void everySplitOfTheStreamGivesTheSameResult() {
    String stream = "TOTOTOK TOK:7:3\nTTOK:8:0\nendTO";
    for (int cut1 = 0; cut1 <= stream.length(); cut1++) {
      for (int cut2 = cut1; cut2 <= stream.length(); cut2++) {
        data.reset();
        markers.clear();
        MarkerScanner s = scanner("TOK:");
        byte[] b = stream.getBytes(StandardCharsets.US_ASCII);
        s.feed(b, 0, cut1);
        s.feed(b, cut1, cut2 - cut1);
        s.feed(b, cut2, b.length - cut2);
        s.finish();
        assertThat(data.toString(StandardCharsets.US_ASCII)).as("cuts %d %d", cut1, cut2)
            .isEqualTo("TOTOTOK T" + "endTO");
        assertThat(markers).containsExactly("7:3", "8:0");
      }
    }
  }

  @Test
  void randomBinaryDataSurvivesByteForByteAroundMarkers() {
    Random rnd = new Random(42);
    String token = "FLSH0123456789abcdef:";
    for (int round = 0; round < 200; round++) {
      data.reset();
      markers.clear();
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      ByteArrayOutputStream stream = new ByteArrayOutputStream();
      int parts = 1 + rnd.nextInt(4);
      for (int p = 0; p < parts; p++) {
        byte[] chunk = new byte[rnd.nextInt(300)];
        rnd.nextBytes(chunk);
        // Sprinkle prefixes of the token into the data: they must come through as data.
        if (rnd.nextBoolean()) {
          byte[] pre = token.substring(0, 1 + rnd.nextInt(token.length() - 1))
              .getBytes(StandardCharsets.US_ASCII);
          System.arraycopy(pre, 0, chunk, 0, Math.min(pre.length, chunk.length));
        }
        expected.writeBytes(chunk);
        stream.writeBytes(chunk);
        stream.writeBytes((token + p + ":0\n").getBytes(StandardCharsets.US_ASCII));
      }
      byte[] all = stream.toByteArray();
      MarkerScanner s = scanner(token);
      int i = 0;
      while (i < all.length) {
        int n = Math.min(all.length - i, 1 + rnd.nextInt(64));
        s.feed(all, i, n);
        i += n;
      }
      s.finish();
      assertThat(data.toByteArray()).isEqualTo(expected.toByteArray());
      assertThat(markers).hasSize(parts);
    }
  }

  @Test
  void aPartialTokenAtTheEndIsDataAfterAll() {
    MarkerScanner s = scanner("TOK:");
    byte[] in = "abcTO".getBytes(StandardCharsets.US_ASCII);
    s.feed(in, 0, in.length);
    assertThat(data.toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
    s.finish();
    assertThat(data.toString(StandardCharsets.US_ASCII)).isEqualTo("abcTO");
  }
}
