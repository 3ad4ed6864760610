package dev.ingestrunbooks.sandbox.aws.ec2;

import static dev.ingestrunbooks.sandbox.aws.ec2.Ec2Params.accepts;

import dev.ingestrunbooks.sandbox.aws.ActionRegistry;
import dev.ingestrunbooks.sandbox.aws.xml.FormBody;
import dev.ingestrunbooks.sandbox.aws.xml.XmlWriter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The ec2-protocol side of ImportKeyPair, DescribeKeyPairs and DeleteKeyPair. {@code PublicKeyMaterial} is a blob,
 * so it arrives base64-encoded (the SDK and the CLI encode the key line); the decoded bytes must be an OpenSSH public
 * key line. No state here. Limits: no CreateKeyPair (the guides import the user's key).
 */
final class KeyPairActions {

    static final Set<String> FILTERS = Set.of("key-pair-id", "key-name", "fingerprint", "key-type");

    private final Ec2Backend backend;

    KeyPairActions(Ec2Backend backend) {
        this.backend = backend;
    }

    void registerOn(ActionRegistry registry) {
        registry.on("ImportKeyPair", this::importKeyPair)
                .on("DescribeKeyPairs", this::describeKeyPairs)
                .on("DeleteKeyPair", this::deleteKeyPair);
    }

    /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ImportKeyPair.html */
    Consumer<XmlWriter> importKeyPair(FormBody in) {
        String name = Ec2Params.required(in, "KeyName");
        String material = Ec2Params.required(in, "PublicKeyMaterial");
        byte[] decoded;
        try {
            decoded = Base64.getMimeDecoder().decode(material);
        } catch (IllegalArgumentException e) {
            throw Ec2Errors.keyFormat();
        }
        KeyPair pair = backend.importKeyPair(name, decoded, Ec2Params.tags(in, "key-pair"));
        return w -> w.element("keyFingerprint", pair.fingerprint()).element("keyName", pair.name())
                .element("keyPairId", pair.id()).write(x -> Ec2Params.tagSet(x, pair.tags()));
    }

    /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeKeyPairs.html */
    Consumer<XmlWriter> describeKeyPairs(FormBody in) {
        Map<String, List<String>> filters = Ec2Params.filters(in, FILTERS, true);
        List<String> names = in.strings("KeyName", null);
        List<String> ids = in.strings("KeyPairId", null);
        names.forEach(backend::keyPair); // InvalidKeyPair.NotFound for an unknown name
        ids.forEach(backend::keyPairById);
        boolean includePublicKey = in.bool("IncludePublicKey").orElse(false);
        List<KeyPair> pairs = backend.keyPairs().stream()
                .filter(k -> names.isEmpty() || names.contains(k.name()))
                .filter(k -> ids.isEmpty() || ids.contains(k.id()))
                .filter(k -> accepts(filters, "key-pair-id", k.id()) && accepts(filters, "key-name", k.name())
                        && accepts(filters, "fingerprint", k.fingerprint()) && accepts(filters, "key-type", k.type())
                        && Ec2Params.acceptsTags(filters, k.tags()))
                .toList();
        return w -> w.list("keySet", "item", pairs, (x, k) -> x.element("keyPairId", k.id())
                .element("keyType", k.type()).write(t -> Ec2Params.tagSet(t, k.tags()))
                .element("publicKey", includePublicKey ? k.publicKey() : null)
                .element("createTime", k.createTime()).element("keyName", k.name())
                .element("keyFingerprint", k.fingerprint()));
    }

    /**
     * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteKeyPair.html — by name it is idempotent (an
     * absent name succeeds, as in AWS); an unknown id is {@code InvalidKeyPair.NotFound}.
     */
    Consumer<XmlWriter> deleteKeyPair(FormBody in) {
        String name = in.get("KeyName");
        String id = in.get("KeyPairId");
        Optional<KeyPair> deleted;
        if (id != null && !id.isEmpty()) {
            deleted = Optional.of(backend.deleteKeyPairById(id));
        } else if (name != null && !name.isEmpty()) {
            deleted = backend.deleteKeyPair(name);
        } else {
            throw Ec2Errors.missingParameter("The request must contain the parameter KeyName or KeyPairId");
        }
        return w -> w.element("return", true).element("keyPairId", deleted.map(KeyPair::id).orElse(null));
    }
}
