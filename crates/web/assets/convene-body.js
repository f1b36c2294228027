// Marks <body> so GOV.UK Frontend's styles for scripted components apply only when its
// script can run. A file rather than inline script, so the Content-Security-Policy can
// forbid inline script.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
