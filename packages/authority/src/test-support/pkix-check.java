// Java's PKIX validator as a client of mtlsctl's CA: validates a client certificate against a trust bundle with
// revocation checked from the given CRL file (one or more PEM CRLs), as a Java TLS server with CRLs would.
// Run by the tests with the single-file source launcher: java pkix-check.java <bundle.pem> <crls.pem> <cert.pem>
// Prints "valid" or "invalid: <reason>" (the reason names a revocation as "revoked").
import java.io.FileInputStream;
import java.security.cert.*;
import java.util.*;

public class PkixCheck {
  public static void main(String[] args) throws Exception {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    Set<TrustAnchor> anchors = new HashSet<>();
    try (FileInputStream in = new FileInputStream(args[0])) {
      for (Certificate c : cf.generateCertificates(in)) anchors.add(new TrustAnchor((X509Certificate) c, null));
    }
    Collection<? extends CRL> crls;
    try (FileInputStream in = new FileInputStream(args[1])) {
      crls = cf.generateCRLs(in);
    }
    X509Certificate leaf;
    try (FileInputStream in = new FileInputStream(args[2])) {
      leaf = (X509Certificate) cf.generateCertificate(in);
    }
    PKIXParameters params = new PKIXParameters(anchors);
    params.setRevocationEnabled(true);
    params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
    System.setProperty("com.sun.security.enableCRLDP", "false");
    try {
      CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(List.of(leaf)), params);
      System.out.println("valid");
    } catch (CertPathValidatorException e) {
      String reason = e.getReason() == CertPathValidatorException.BasicReason.REVOKED ? "revoked" : String.valueOf(e.getReason());
      System.out.println("invalid: " + reason + " (" + e.getMessage() + ")");
    }
  }
}
