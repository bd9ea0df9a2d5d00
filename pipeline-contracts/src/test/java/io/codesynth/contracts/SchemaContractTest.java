package io.codesynth.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The schemas say what the records do: same fields, same required fields, same enum values; and a
 * message a schema accepts is one the Java readers accept. The last part is checked by mutating the
 * golden files field by field and asking both sides.
 */
class SchemaContractTest {

    private static final String PACKAGE = "io.codesynth.contracts.";

    static List<Class<? extends PipelineMessage>> messageTypes() {
        return MessageTypes.all();
    }

    @Test
    void everySchemaFileIsAValidDraft202012Schema() {
        for (String file : Schemas.fileNames()) {
            assertThat(SchemaSupport.errors(SchemaSupport.schema(SchemaSupport.META_SCHEMA), Schemas.read(file)))
                    .as(file)
                    .isEmpty();
        }
    }

    @Test
    void schemaIdsAndTitlesMatchTheMessageTypes() {
        for (String file : Schemas.fileNames()) {
            JsonNode schema = SchemaSupport.tree(Schemas.read(file));
            assertThat(schema.path("$schema").stringValue()).as(file).isEqualTo(SchemaSupport.META_SCHEMA);
            assertThat(schema.path("$id").stringValue()).as(file).isEqualTo(Schemas.BASE_URI + file);
        }
        for (Class<? extends PipelineMessage> type : MessageTypes.all()) {
            JsonNode schema = SchemaSupport.tree(Schemas.read(type));
            assertThat(schema.path("title").stringValue()).isEqualTo(MessageTypes.typeName(type));
            assertThat(schema.path("description").stringValue())
                    .contains(MessageTypes.topicOf(type), "\"" + MessageTypes.typeName(type) + "\"");
        }
    }

    @Test
    void everyRecordSchemaListsTheRecordsComponentsAndRequiresItsPrimitives() {
        Map<String, JsonNode> titled = titledSchemas();
        Set<Class<?>> reachable = reachableTypes();

        for (Class<?> type : reachable) {
            assertThat(titled).as("a schema titled %s", type.getSimpleName()).containsKey(type.getSimpleName());
        }
        for (Map.Entry<String, JsonNode> entry : titled.entrySet()) {
            Class<?> type = classNamed(entry.getKey());
            if (!type.isRecord()) {
                continue;
            }
            JsonNode schema = entry.getValue();
            List<String> components = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
            assertThat(List.copyOf(schema.path("properties").propertyNames())).as(type.getSimpleName())
                    .containsExactlyElementsOf(components);
            List<String> required = schema.path("required").values().stream().map(JsonNode::stringValue).toList();
            assertThat(components).as("required fields of %s", type.getSimpleName()).containsAll(required);
            for (RecordComponent component : type.getRecordComponents()) {
                if (component.getType().isPrimitive()) {
                    assertThat(required).as("%s.%s is a primitive", type.getSimpleName(), component.getName())
                            .contains(component.getName());
                }
            }
            assertThat(schema.path("additionalProperties").asBoolean(false)).as(type.getSimpleName()).isTrue();
            for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
                JsonNode definition = property.getValue();
                boolean described = definition.has("description") || definition.path("$ref").stringValue("")
                        .matches(".*/(SchemaVersion|JobId|TenantId|TaskKey|CandidateId|Problem|PassAtK|VerdictKind"
                                + "|TaskState|JobState|ModelInfo)$");
                assertThat(described).as("%s.%s has a description", type.getSimpleName(), property.getKey()).isTrue();
            }
        }
    }

    @Test
    void enumSchemasListTheJsonFormsOfTheJavaEnums() {
        Map<String, JsonNode> titled = titledSchemas();
        for (Class<?> type : reachableTypes()) {
            if (!type.isEnum()) {
                continue;
            }
            List<String> javaForms = Arrays.stream(type.getEnumConstants())
                    .map(constant -> SchemaSupport.tree(PipelineJson.toJson(constant)).stringValue())
                    .toList();
            List<String> schemaForms = titled.get(type.getSimpleName()).path("enum").values().stream()
                    .map(JsonNode::stringValue).toList();
            assertThat(schemaForms).as(type.getSimpleName()).containsExactlyElementsOf(javaForms);
        }
        assertThat(titled.get("Language").path("enum").values()).allMatch(v -> v.stringValue().equals(
                v.stringValue().toLowerCase()));
        assertThat(titled.get("VerdictKind").path("enum").values()).allMatch(v -> v.stringValue().equals(
                v.stringValue().toUpperCase()));
    }

    @ParameterizedTest
    @MethodSource("messageTypes")
    void removingAFieldFailsInJavaExactlyWhenTheSchemaRequiresIt(Class<? extends PipelineMessage> type) {
        JsonNode golden = SchemaSupport.tree(SchemaSupport.golden(type));
        List<String> disagreements = new ArrayList<>();
        int mutations = 0;

        for (String pointer : objectPointers(golden, "")) {
            for (String field : golden.at(pointer).propertyNames()) {
                JsonNode mutated = golden.deepCopy();
                ((ObjectNode) mutated.at(pointer)).remove(field);
                mutations++;
                boolean schemaAccepts = SchemaSupport.errors(type, mutated).isEmpty();
                String javaError = javaError(type, mutated);
                String where = pointer + "/" + field;
                if (schemaAccepts != (javaError == null)) {
                    disagreements.add(where + ": schema " + (schemaAccepts ? "accepts" : "rejects") + ", Java "
                            + (javaError == null ? "accepts" : "rejects: " + javaError));
                } else if (javaError != null && !javaError.contains(field)) {
                    disagreements.add(where + ": the error does not name the field: " + javaError);
                }
            }
        }

        assertThat(mutations).isGreaterThan(10);
        assertThat(disagreements).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("messageTypes")
    void javaReadsANullWhereverTheSchemaAllowsOne(Class<? extends PipelineMessage> type) {
        JsonNode golden = SchemaSupport.tree(SchemaSupport.golden(type));
        List<String> disagreements = new ArrayList<>();

        for (String pointer : objectPointers(golden, "")) {
            for (String field : golden.at(pointer).propertyNames()) {
                JsonNode mutated = golden.deepCopy();
                ((ObjectNode) mutated.at(pointer)).putNull(field);
                String javaError = javaError(type, mutated);
                if (SchemaSupport.errors(type, mutated).isEmpty() && javaError != null) {
                    disagreements.add(pointer + "/" + field + ": schema allows null, Java rejects: " + javaError);
                }
            }
        }

        assertThat(disagreements).isEmpty();
    }

    /** JSON pointers of every object node in a tree, the root included. */
    static List<String> objectPointers(JsonNode node, String pointer) {
        List<String> pointers = new ArrayList<>();
        if (node.isObject()) {
            pointers.add(pointer);
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                String escaped = property.getKey().replace("~", "~0").replace("/", "~1");
                pointers.addAll(objectPointers(property.getValue(), pointer + "/" + escaped));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                pointers.addAll(objectPointers(node.get(i), pointer + "/" + i));
            }
        }
        return pointers;
    }

    /** The message of the exception reading the JSON throws, or null when it reads. */
    static String javaError(Class<?> type, JsonNode json) {
        try {
            PipelineJson.fromJson(PipelineJson.toJson(json), type);
            return null;
        } catch (JacksonException e) {
            return e.getMessage();
        }
    }

    /** Every schema with a title naming a Java type: the message schemas and their definitions. */
    private static Map<String, JsonNode> titledSchemas() {
        Map<String, JsonNode> titled = new LinkedHashMap<>();
        for (String file : Schemas.fileNames()) {
            JsonNode schema = SchemaSupport.tree(Schemas.read(file));
            List<JsonNode> candidates = new ArrayList<>(schema.path("$defs").values());
            candidates.add(schema);
            for (JsonNode candidate : candidates) {
                String title = candidate.path("title").stringValue("");
                if (title.matches("[A-Z][A-Za-z]*")) {
                    assertThat(titled.put(title, candidate)).as("one schema titled %s", title).isNull();
                }
            }
        }
        return titled;
    }

    /** The records and enums a message can contain, found through the records' component types. */
    private static Set<Class<?>> reachableTypes() {
        Set<Class<?>> found = new LinkedHashSet<>();
        MessageTypes.all().forEach(type -> collect(type, found));
        return found;
    }

    private static void collect(Type type, Set<Class<?>> found) {
        if (type instanceof ParameterizedType parameterized) {
            Arrays.stream(parameterized.getActualTypeArguments()).forEach(argument -> collect(argument, found));
        } else if (type instanceof Class<?> c && c.getName().startsWith(PACKAGE) && found.add(c) && c.isRecord()) {
            Arrays.stream(c.getRecordComponents()).forEach(component -> collect(component.getGenericType(), found));
        }
    }

    private static Class<?> classNamed(String simpleName) {
        try {
            return Class.forName(PACKAGE + simpleName);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("schema title " + simpleName + " names no type in " + PACKAGE, e);
        }
    }
}
