// The log form without a round trip: units follow the chosen substance, remembered values fill
// in, and − / + buttons change the amount. Without JavaScript the server does the same on Save.
(function () {
  "use strict";
  var form = document.querySelector("form[data-log-form]");
  if (!form) return;
  var meta = JSON.parse(document.getElementById("substance-meta").textContent);
  var labels = JSON.parse(document.getElementById("unit-labels").textContent);
  var substance = form.elements.substance;
  var unit = form.elements.unit;
  var amount = form.elements.amount;
  var drinks = form.querySelector("[data-alcohol]");
  var notAlcohol = form.querySelector("[data-not-alcohol]");
  var abv = form.querySelector("[data-abv]");
  var shownFor = form.querySelector("[data-shown-for]");
  // Today fills in what the person entered last time; an edit keeps what the entry says.
  var quick = form.classList.contains("quick");

  function number(text) {
    var value = parseFloat(text);
    return isNaN(value) ? "" : String(value);
  }

  function drinkRadios() {
    return Array.prototype.slice.call(form.querySelectorAll("input[name=drink]"));
  }

  function checkDrink(code) {
    drinkRadios().forEach(function (radio) {
      radio.checked = radio.value === code;
    });
  }

  function setValue(name, value) {
    var field = form.elements[name];
    if (field && value !== undefined && value !== null) field.value = value;
  }

  function showStrength() {
    var volume = form.querySelector("input[name=drink][value=volume]");
    abv.classList.toggle("show", !drinks.hidden && !!volume && volume.checked);
  }

  function applySubstance() {
    var info = meta[substance.value];
    if (!info) return;
    var before = unit.value;
    unit.innerHTML = "";
    info.units.forEach(function (code) {
      unit.add(new Option(labels[code] || code, code));
    });
    unit.value = info.units.indexOf(before) >= 0 ? before : info["default"];
    drinks.hidden = !info.alcohol;
    notAlcohol.hidden = info.alcohol;
    shownFor.value = substance.value;
    if (quick) {
      var last = info.remembered || {};
      if (info.alcohol) {
        if (last.preset) {
          checkDrink(last.preset);
          amount.value = number(last.count) || "1";
        } else if (last.unit === "ml") {
          checkDrink("volume");
          amount.value = number(last.amount);
          setValue("abv_percent", number(last.abv_percent));
        } else if (last.unit === "drink") {
          checkDrink("standard");
          amount.value = number(last.amount);
        } else {
          checkDrink(null);
          amount.value = "1";
        }
      } else {
        amount.value = number(last.amount);
        if (info.units.indexOf(last.unit) >= 0) unit.value = last.unit;
      }
    }
    showStrength();
  }

  function addStepper() {
    var box = form.querySelector("[data-stepper]");
    if (!box) return;
    function button(text, label, change) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "secondary";
      b.textContent = text;
      b.setAttribute("aria-label", label);
      b.addEventListener("click", function () {
        var value = parseFloat(amount.value) || 0;
        var next = change(value);
        if (next > 0) amount.value = String(Math.round(next * 100) / 100);
      });
      return b;
    }
    box.insertBefore(
      button("−", box.getAttribute("data-less"), function (v) {
        return v > 1 ? v - 1 : v;
      }),
      amount
    );
    box.appendChild(
      button("+", box.getAttribute("data-more"), function (v) {
        return v + 1;
      })
    );
  }

  substance.addEventListener("change", applySubstance);
  drinkRadios().forEach(function (radio) {
    radio.addEventListener("change", showStrength);
  });
  addStepper();
})();
