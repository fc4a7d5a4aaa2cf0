/// Where KIE serves generated files from, as host patterns (`*.` for any subdomain): results come from
/// `tempfile.aiquickdraw.com` and its siblings, uploads and older links from `*.redpandaai.co`, and `*.kie.ai` is
/// KIE's own domain. The default of the allow-list a result URL must pass (`KIE_RESULT_HOSTS`).
public enum KIEResultHosts {
    public static let current = ["*.aiquickdraw.com", "*.redpandaai.co", "*.kie.ai"]
}
