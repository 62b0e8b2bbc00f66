/* Replaces django-modeltranslation's file of the same name (the project's static folder is searched
   first), which every tabbed translation admin loads just before its tabs script.

   Its first lines are the package's own. Then: the package opens every translated field on the tab of
   the admin's language, so a Khmer editor opening a Vietnamese text saw empty Khmer fields and
   thought the text was missing. The tabs open on the language the object was written in instead:
   the first language (Vietnamese, the original, comes first) in which the form has any text; a new
   object opens on Vietnamese. */
if (typeof jQuery === 'undefined') {
  jQuery = django.jQuery;
}

(function ($) {
  "use strict";
  var FIELD_CLASS = /^mt-field-.+-([a-z_]+)$/;

  function fieldLanguage(el) {
    var classes = (el.getAttribute("class") || "").split(/\s+/);
    for (var i = 0; i < classes.length; i++) {
      var match = FIELD_CLASS.exec(classes[i]);
      if (match) return match[1];
    }
    return null;
  }

  function writtenIn() {
    var languages = [], filled = {};
    $(".mt").filter("input, textarea, select").each(function () {
      var lang = fieldLanguage(this);
      if (!lang) return;
      if (languages.indexOf(lang) < 0) languages.push(lang);
      if (this.type !== "checkbox" && this.type !== "hidden" && $.trim($(this).val() || "")) {
        filled[lang] = true;
      }
    });
    for (var i = 0; i < languages.length; i++) {
      if (filled[languages[i]]) return languages[i];
    }
    return languages[0];
  }

  // Runs before the tabs script's own ready handler (this file is loaded first), after its functions
  // are defined: the tabs then ask this for the tab to open.
  $(function () {
    var original = writtenIn();
    window.getActiveTabIndex = function (fields) {
      var index = Object.keys(fields).indexOf(original);
      return index < 0 ? 0 : index;
    };
    $(function () {
      var index = $.inArray(original, $("#modeltranslation-main-switch option").map(function () {
        return $(this).text().replace("-", "_");
      }).get());
      if (index >= 0) $("#modeltranslation-main-switch").val(String(index));
    });
  });
})(jQuery);
