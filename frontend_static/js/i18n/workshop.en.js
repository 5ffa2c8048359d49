// Workshop (phone, projector, facilitator). Plural: { one, other }; placeholders: {name}.
export default {
};
