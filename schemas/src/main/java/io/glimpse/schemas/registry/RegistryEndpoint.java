package io.glimpse.schemas.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The registry's base URL split into what may be shown and what may not. Confluent's clients take basic
 * credentials from the URL's user info ({@code http://user:password@host:8081}, their default
 * {@code basic.auth.credentials.source=URL}); so does Glimpse, and then sends them only in the
 * {@code Authorization} header. The URL kept for requests, messages and {@code toString} has no user info.
 *
 * @param baseUrl the URL without user info and without a trailing slash
 * @param userInfoCredentials basic credentials from the user info, if it had any
 * @param secrets the user info in every form it may be echoed in, to redact
 */
record RegistryEndpoint(String baseUrl, Optional<Credentials> userInfoCredentials, List<String> secrets) {

    static RegistryEndpoint parse(String url) {
        String trimmed = url.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            // URISyntaxException quotes the whole input, user info included: say where, not what.
            throw new IllegalArgumentException("the registry URL " + withoutUserInfo(trimmed)
                    + " is not a valid URI (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("the registry URL must be http or https: " + withoutUserInfo(trimmed));
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the registry URL has no host: " + withoutUserInfo(trimmed));
        }
        String rawUserInfo = uri.getRawUserInfo();
        if (rawUserInfo == null) {
            return new RegistryEndpoint(trimmed, Optional.empty(), List.of());
        }
        String userInfo = uri.getUserInfo();
        int colon = userInfo.indexOf(':');
        String user = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
        String password = colon >= 0 ? userInfo.substring(colon + 1) : "";
        int rawColon = rawUserInfo.indexOf(':');
        List<String> secrets = new ArrayList<>(List.of(rawUserInfo, userInfo, password,
                rawColon >= 0 ? rawUserInfo.substring(rawColon + 1) : ""));
        secrets.addAll(Redaction.secretsOf(Credentials.basic(user, password).authorization().orElseThrow()));
        if (password.isEmpty()) {
            secrets.add(user); // a lone user part is often a token
        }
        String authority = uri.getRawAuthority();
        String base = uri.getScheme() + "://" + authority.substring(authority.lastIndexOf('@') + 1)
                + (uri.getRawPath() == null ? "" : uri.getRawPath()) + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new RegistryEndpoint(base, Optional.of(Credentials.basic(user, password)), List.copyOf(secrets));
    }

    /**
     * {@code url} without anything between {@code ://} and the last {@code @}: the user info, even of a URL
     * too malformed to parse.
     */
    static String withoutUserInfo(String url) {
        int start = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (start < 0 || at < start) {
            return url;
        }
        return url.substring(0, start + 3) + url.substring(at + 1);
    }
}
