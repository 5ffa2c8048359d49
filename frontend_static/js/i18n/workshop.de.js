// Bürgerwerkstatt (Handy, Beamer, Moderation der Werkstatt). Plural: { one, other }; Platzhalter: {name}.
export default {
};
