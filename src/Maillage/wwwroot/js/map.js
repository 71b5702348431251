// Draws the sites of /annuaire/carte on a Leaflet map. The page's list holds the same content, so the
// map is an enhancement: without JavaScript or without Leaflet, nothing is lost.
(function () {
  "use strict";
  var element = document.getElementById("carte");
  var data = document.getElementById("carte-donnees");
  if (!element || !data || typeof L === "undefined") {
    return;
  }
  var sites = JSON.parse(data.textContent || "[]");
  element.classList.remove("d-none");
  var map = L.map(element, { scrollWheelZoom: false });
  var tiles = element.getAttribute("data-tiles");
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18, attribution: element.getAttribute("data-attribution") || "" }).addTo(map);
  }
  var bounds = [];
  sites.forEach(function (site) {
    var marker = L.circleMarker([site.lat, site.lon], {
      radius: 8, weight: 2, color: "#06434a", fillColor: site.openNow ? "#1b7f3b" : "#8a9aa3", fillOpacity: 0.9
    }).addTo(map);
    // Built from DOM nodes, never from HTML strings: names come from user input.
    var popup = document.createElement("div");
    var link = document.createElement("a");
    link.href = "/annuaire/structures/" + site.structureId;
    link.textContent = site.structureName;
    popup.appendChild(link);
    popup.appendChild(document.createElement("br"));
    popup.appendChild(document.createTextNode(site.siteName + ", " + site.communeName + (site.openNow ? " — ouvert" : " — fermé")));
    if (site.phone) {
      popup.appendChild(document.createElement("br"));
      var phone = document.createElement("a");
      phone.href = "tel:" + site.phone.replace(/ /g, "");
      phone.textContent = site.phone;
      popup.appendChild(phone);
    }
    marker.bindPopup(popup);
    bounds.push([site.lat, site.lon]);
  });
  if (bounds.length > 0) {
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 13 });
  } else {
    map.setView([46.6, 2.4], 5);
  }
})();
