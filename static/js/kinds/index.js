// The activity kinds' renderers, one module per kind (see facilitate/activities/).
import * as choice from "./choice.js";
import * as open_text from "./open_text.js";
import * as points from "./points.js";
import * as qa from "./qa.js";
import * as ranking from "./ranking.js";
import * as scale from "./scale.js";
import * as wordcloud from "./wordcloud.js";

export const KINDS = { choice, wordcloud, open_text, scale, ranking, qa, points };
