// Turns each council picker (a <select data-module="riep-picker">) into GOV.UK's accessible autocomplete: type
// to find. Without JavaScript the select works as it is (grouped, alphabetical). See riep.core.pickers.
(function () {
  'use strict'
  if (!window.accessibleAutocomplete) return
  var selects = document.querySelectorAll('select[data-module="riep-picker"]')
  for (var i = 0; i < selects.length; i++) {
    window.accessibleAutocomplete.enhanceSelectElement({
      selectElement: selects[i],
      showAllValues: true,
      dropdownArrow: function () { return '' },
      tNoResults: function () { return 'No council matches' }
    })
  }
})()
