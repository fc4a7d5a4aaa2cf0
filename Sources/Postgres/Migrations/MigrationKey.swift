/// Identifies a migration in `schema_migrations`.
struct MigrationKey: Hashable {
    let component: String
    let version: Int

    init(component: String, version: Int) {
        self.component = component
        self.version = version
    }

    init(_ migration: Migration) {
        self.init(component: migration.component, version: migration.version)
    }
}
