/*
 * Chorus first-party snippet. Include it on every page of the store:
 *
 *   <script src="https://chorus.example.com/static/snippet.js" defer></script>
 *
 * When a visitor arrives through a tracked link, the landing URL carries
 * ?chorus_cid=<click id>. The snippet keeps that id in a first-party cookie
 * (chorus_cid, 30 days, on the store's own domain) so that the checkout can
 * send it back with the order, even when the purchase happens days later:
 *
 *   window.chorus.clickId()   // "0f3kT..." or "" when the visitor came otherwise
 *
 * Send it as the click_id of POST /api/v1/conversions, or as a cart/note
 * attribute named chorus_cid (Shopify) or order meta chorus_cid
 * (WooCommerce); the webhooks read it from there. The snippet sends nothing
 * anywhere and sets no other cookie.
 */
(function () {
  "use strict";
  var NAME = "chorus_cid";
  var DAYS = 30;
  // A click id is 22 URL-safe base64 characters; anything else is ignored.
  var VALID = /^[A-Za-z0-9_-]{22}$/;

  function fromURL() {
    var m = new RegExp("[?&]" + NAME + "=([^&#]*)").exec(window.location.search);
    if (!m) return "";
    var v = decodeURIComponent(m[1].replace(/\+/g, " "));
    return VALID.test(v) ? v : "";
  }

  function fromCookie() {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === NAME) {
        var v = decodeURIComponent(parts[i].slice(eq + 1));
        return VALID.test(v) ? v : "";
      }
    }
    return "";
  }

  function keep(v) {
    var secure = window.location.protocol === "https:" ? "; Secure" : "";
    document.cookie = NAME + "=" + encodeURIComponent(v) + "; Max-Age=" + DAYS * 86400 + "; Path=/; SameSite=Lax" + secure;
  }

  // The newest click wins: a visitor who comes back through another
  // creator's link is that creator's visitor now (last click).
  var id = fromURL();
  if (id) keep(id);

  window.chorus = window.chorus || {};
  window.chorus.clickId = function () {
    return fromURL() || fromCookie();
  };
})();
