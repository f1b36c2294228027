// Starts GOV.UK Frontend's enhancements (menu toggle, skip link focus).
import { initAll } from '/assets/govuk-frontend.min.js';
initAll();
