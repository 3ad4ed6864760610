package dev.ingestrunbooks.sandbox.materialize.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Framing ({@link FrameReader}) and decoding ({@link FrontendDecoder}) without sockets. */
class FrameDecodingTest {

    private static FrontendMessage decodeOne(String hex) throws IOException {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(Hex.bytes(hex)), 1024);
        return FrontendDecoder.decode(reader.next());
    }

    @Test
    void splitsFramesAndReportsEndOfStream() throws IOException {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(Hex.bytes("53 00000004 48 00000004")), 1024);
        assertThat(reader.next().type()).isEqualTo('S');
        assertThat(reader.next().type()).isEqualTo('H');
        assertThat(reader.next()).isNull();
    }

    @Test
    void decodesQueryParseBindDescribeExecuteClose() throws IOException {
        assertThat(decodeOne("51 00000009 53454c45 00")).isEqualTo(new FrontendMessage.Query("SELE"));
        FrontendMessage.Parse parse = (FrontendMessage.Parse) decodeOne("50 0000000f 7300 24 31 00 0001 00000014");
        assertThat(parse).isEqualTo(new FrontendMessage.Parse("s", "$1", List.of(20)));
        FrontendMessage.Bind bind = (FrontendMessage.Bind) decodeOne(
                "42 0000001a 00 7300 0001 0001 0002 00000001 37 ffffffff 0001 0001");
        assertThat(bind.portal()).isEmpty();
        assertThat(bind.statement()).isEqualTo("s");
        assertThat(bind.parameterFormats()).containsExactly((short) 1);
        assertThat(bind.parameters()).hasSize(2);
        assertThat(bind.parameters().get(0)).containsExactly('7');
        assertThat(bind.parameters().get(1)).isNull();
        assertThat(bind.resultFormats()).containsExactly((short) 1);
        assertThat(decodeOne("44 00000006 50 00")).isEqualTo(new FrontendMessage.Describe('P', ""));
        assertThat(decodeOne("45 00000009 00 0000000a")).isEqualTo(new FrontendMessage.Execute("", 10));
        assertThat(decodeOne("43 00000007 53 7300")).isEqualTo(new FrontendMessage.Close('S', "s"));
        assertThat(decodeOne("58 00000004")).isEqualTo(new FrontendMessage.Terminate());
        assertThat(decodeOne("70 00000007 707700")).isEqualTo(new FrontendMessage.Password("pw"));
    }

    @Test
    void lengthBelowFourOrAboveTheCapIsAProtocolViolation() {
        assertThatThrownBy(() -> decodeOne("51 00000003"))
                .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("invalid message length 3");
        assertThatThrownBy(() -> decodeOne("51 7fffffff"))
                .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("invalid message length");
    }

    @Test
    void truncatedFramesUnknownTypesAndBadBodiesAreProtocolViolations() {
        assertThatThrownBy(() -> decodeOne("51 00000010 41")).isInstanceOf(ProtocolViolationException.class)
                .hasMessage("incomplete message from client");
        assertThatThrownBy(() -> decodeOne("21 00000004")).isInstanceOf(ProtocolViolationException.class)
                .hasMessage("invalid frontend message type 33");
        assertThatThrownBy(() -> decodeOne("51 00000006 4141")).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> decodeOne("42 0000000e 00 00 0000 0001 00000009"))
                .isInstanceOf(ProtocolViolationException.class);
        assertThatThrownBy(() -> decodeOne("53 00000005 00")).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("trailing bytes");
    }
}
